// The bitstream ALU's modules, each alone on the DSL simulator against its
// definition in docs/tile-spec.md § Bitstream ALU (written out here), with
// random inputs and enables; the whole design is lint-clean and rejects bad
// parameters with the rule they break.
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { cachedSim, expectLintClean } from '../../gen/lib/test-support.ts';
import { BitstreamAlu, ComparatorSng, CordivDivider, DEFAULT_BITSTREAM_CONFIG, ScAnd, ScMux, ScOr, ScXnor, ScXor, StanhFsm, StreamCounter } from './index.ts';

describe('bitstream ALU RTL', () => {
  it.each([DEFAULT_BITSTREAM_CONFIG, { bits: 1, lengthBits: 1, tanhStates: 2 }, { bits: 16, lengthBits: 16, tanhStates: 256 }])(
    'is lint-clean with $bits-bit operands, $lengthBits-bit length, $tanhStates-state tanh',
    async (c) => {
      await expectLintClean(BitstreamAlu(c));
    },
    120_000,
  );

  it('rejects parameters outside the spec', () => {
    expect(() => BitstreamAlu({ bits: 17, lengthBits: 8, tanhStates: 8 })).toThrow(/BitstreamAlu: bits must be a whole number from 1 to 16, got 17/);
    expect(() => StanhFsm(7)).toThrow(/StanhFsm: tanhStates must be even/);
    expect(() => ComparatorSng(0)).toThrow(/ComparatorSng: bits must be a whole number from 1 to 16/);
  });

  fcTest.prop([fc.integer({ min: 1, max: 16 }).chain((k) => fc.tuple(fc.constant(k), fc.array(fc.tuple(fc.nat(2 ** k - 1), fc.nat(2 ** k - 1)), { minLength: 1, maxLength: 50 })))], { numRuns: 30, seed: 11 })(
    'ComparatorSng: stream = random < value',
    ([k, pairs]) => {
      const sim = cachedSim(`sng${k}`, () => ComparatorSng(k));
      for (const [value, random] of pairs) {
        sim.poke('value', value);
        sim.poke('random', random);
        expect(sim.peek('stream')).toBe(random < value ? 1n : 0n);
      }
    },
  );

  it('the gates: AND, XNOR, OR, XOR and the MUX adder, on every input', () => {
    const gates = [
      [ScAnd, (a: number, b: number) => a & b],
      [ScXnor, (a: number, b: number) => 1 - (a ^ b)],
      [ScOr, (a: number, b: number) => a | b],
      [ScXor, (a: number, b: number) => a ^ b],
    ] as const;
    for (const [def, f] of gates) {
      const sim = cachedSim(def.name, () => def());
      for (let a = 0; a < 2; a++)
        for (let b = 0; b < 2; b++) {
          sim.poke('a', a);
          sim.poke('b', b);
          expect(sim.peek('y'), `${def.name}(${a}, ${b})`).toBe(BigInt(f(a, b)));
        }
    }
    const mux = cachedSim('mux', () => ScMux());
    for (let v = 0; v < 8; v++) {
      mux.poke('a', v & 1);
      mux.poke('b', (v >> 1) & 1);
      mux.poke('sel', v >> 2);
      expect(mux.peek('y')).toBe(BigInt(v >> 2 ? (v >> 1) & 1 : v & 1));
    }
  });

  const steps = fc.array(fc.record({ en: fc.boolean(), clear: fc.boolean(), x: fc.boolean(), y: fc.boolean() }), { minLength: 1, maxLength: 200 });

  fcTest.prop([steps], { numRuns: 40, seed: 12 })('StreamCounter: ones counted while enabled, clear wins, wraps at 2^width', (seq) => {
    const sim = cachedSim('counter4', () => StreamCounter(4));
    sim.reset();
    let ones = 0;
    for (const s of seq) {
      expect(sim.peek('count')).toBe(BigInt(ones));
      sim.poke('en', s.en ? 1 : 0);
      sim.poke('stream', s.x ? 1 : 0);
      sim.poke('clear', s.clear ? 1 : 0);
      sim.step();
      ones = s.clear ? 0 : s.en && s.x ? (ones + 1) % 16 : ones;
    }
  });

  fcTest.prop([steps], { numRuns: 40, seed: 13 })('CordivDivider: quotient = divisor ? dividend : the dividend last seen with divisor = 1', (seq) => {
    const sim = cachedSim('cordiv', () => CordivDivider());
    sim.reset();
    let held = 0;
    for (const s of seq) {
      const dividend = s.x ? 1 : 0;
      const divisor = s.y ? 1 : 0;
      sim.poke('en', s.en ? 1 : 0);
      sim.poke('clear', s.clear ? 1 : 0);
      sim.poke('dividend', dividend);
      sim.poke('divisor', divisor);
      expect(sim.peek('quotient')).toBe(BigInt(divisor ? dividend : held));
      sim.step();
      held = s.clear ? 0 : s.en && divisor ? dividend : held;
    }
  });

  fcTest.prop([fc.integer({ min: 1, max: 8 }).map((h) => 2 * h), steps], { numRuns: 40, seed: 14 })(
    'StanhFsm: saturating up on 1, down on 0, y = state >= S/2, starts at S/2',
    (states, seq) => {
      const sim = cachedSim(`stanh${states}`, () => StanhFsm(states));
      sim.reset();
      let state = states / 2;
      for (const s of seq) {
        expect(sim.peek('y')).toBe(state >= states / 2 ? 1n : 0n);
        sim.poke('en', s.en ? 1 : 0);
        sim.poke('clear', s.clear ? 1 : 0);
        sim.poke('x', s.x ? 1 : 0);
        sim.step();
        state = s.clear ? states / 2 : s.en ? (s.x ? Math.min(states - 1, state + 1) : Math.max(0, state - 1)) : state;
      }
    },
  );
});
