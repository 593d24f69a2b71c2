import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { elaborate, module, Bool, UInt } from '../index.ts';
import type { ModuleDef, Signal } from '../index.ts';
import { fsm, Counter } from './index.ts';
import { cachedSim, expectLintClean, topOf } from './test-support.ts';
import { elaborationErrorOf } from '../test-support.ts';

/**
 * Example: a pulse sequencer. A `start` in IDLE begins a pulse of `length`
 * cycles on `pulse` (state RUN, timed by a library Counter), then one cycle of
 * `done` (state DONE), then back to IDLE. `busy` is 1 outside IDLE.
 */
const PulseSequencer = (length: number): ModuleDef<{ start: Signal; pulse: Signal; done: Signal; busy: Signal }> =>
  module('PulseSequencer', { length }, (m) => {
    const start = m.input('start', Bool());
    const pulse = m.output('pulse', Bool());
    const done = m.output('done', Bool());
    const busy = m.output('busy', Bool());
    const seq = fsm(m, 'phase', ['IDLE', 'RUN', 'DONE']);
    const timer = m.instance('timer', Counter(Math.max(1, (length - 1).toString(2).length), { wrapAt: length }));
    timer.en.set(seq.is('RUN'));
    timer.clear.set(seq.is('IDLE'));
    seq.on({
      IDLE: () => m.when(start, () => seq.goto('RUN')),
      RUN: () => m.when(timer.wrap, () => seq.goto('DONE')),
      DONE: () => seq.goto('IDLE'),
    });
    pulse.set(seq.is('RUN'));
    done.set(seq.is('DONE'));
    busy.set(seq.isOneOf('RUN', 'DONE'));
    return { start, pulse, done, busy };
  });

/** Expected outputs per cycle for a start sequence (the example's documented behaviour). */
function pulseModel(length: number, starts: boolean[]): { pulse: boolean; done: boolean; busy: boolean }[] {
  let state: 'IDLE' | 'RUN' | 'DONE' = 'IDLE';
  let elapsed = 0;
  return starts.map((start) => {
    const out = { pulse: state === 'RUN', done: state === 'DONE', busy: state !== 'IDLE' };
    if (state === 'IDLE' && start) {
      state = 'RUN';
      elapsed = 0;
    } else if (state === 'RUN') {
      elapsed++;
      if (elapsed === length) state = 'DONE';
    } else if (state === 'DONE') state = 'IDLE';
    return out;
  });
}


describe('fsm helper', () => {
  test.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 2],
    [5, 3],
    [8, 3],
    [9, 4],
  ])('%i states: a %i-bit state register reset to the first state', (n, bits) => {
    const states = Array.from({ length: n }, (_, i) => `S${i}`);
    let encoding: Record<string, number> = {};
    const def = module('Machine', { n }, (m) => {
      const go = m.input('go', Bool());
      const f = fsm(m, 'state', states);
      encoding = f.encoding;
      m.when(go, () => f.goto(states[n - 1]));
      m.output('last', Bool()).set(f.is(states[n - 1]));
      m.output('code', UInt(bits)).set(f.state);
    });
    const top = topOf(elaborate(def));
    expect(top.regs.map((r) => [r.name, r.type.width, r.reset])).toEqual([['state', bits, 0n]]);
    expect(top.wires.map((w) => w.name)).toEqual([`state_is_S${n - 1}`]);
    expect(encoding).toEqual(Object.fromEntries(states.map((s, i) => [s, i])));
    const sim = cachedSim(`machine/${n}`, () => def);
    sim.reset(1);
    expect([sim.peek('code'), sim.peek('last')]).toEqual([0n, n === 1 ? 1n : 0n]);
    sim.poke('go', 1);
    sim.step();
    expect([sim.peek('code'), sim.peek('last')]).toEqual([BigInt(n - 1), 1n]);
  });

  test('is() names each decode once, however often it is used', () => {
    const top = topOf(
      elaborate(
        module('Twice', {}, (m) => {
          const f = fsm(m, 'mode', ['A', 'B'] as const);
          m.when(f.is('A'), () => f.goto('B')).otherwise(() => f.goto('A'));
          m.output('a', Bool()).set(f.is('A'));
          m.output('b', Bool()).set(f.is('B').or(f.is('A')));
        }),
      ),
    );
    expect(top.wires.map((w) => w.name).sort()).toEqual(['mode_is_A', 'mode_is_B']);
  });

  test('a decode can be an elsewhen condition', () => {
    const def = module('Chain', {}, (m) => {
      const go = m.input('go', Bool());
      const f = fsm(m, 'mode', ['A', 'B', 'C'] as const);
      m.when(go, () => f.goto('A'))
        .elsewhen(f.is('A'), () => f.goto('B'))
        .elsewhen(f.is('B'), () => f.goto('C'));
      m.output('code', UInt(2)).set(f.state);
    });
    const sim = cachedSim('chain', () => def);
    sim.reset(1);
    const codes: bigint[] = [];
    for (const go of [0, 0, 0, 1, 0]) {
      sim.poke('go', go);
      codes.push(sim.peek('code'));
      sim.step();
    }
    expect(codes).toEqual([0n, 1n, 2n, 2n, 0n]);
  });

  test.each([
    [(m: Parameters<typeof fsm>[0]) => fsm(m, 's', []), "fsm 's': needs at least one state"],
    [(m: Parameters<typeof fsm>[0]) => fsm(m, 's', ['A', 'A']), "fsm 's': state 'A' is listed twice"],
    [(m: Parameters<typeof fsm>[0]) => fsm(m, 's', ['A', '2B']), "fsm 's': state name '2B' must start with a letter and use only letters, digits and _"],
    [(m: Parameters<typeof fsm>[0]) => fsm(m, 's', ['A', 'B']).goto('C' as 'A'), "fsm 's': unknown state 'C' (states: A, B)"],
    [(m: Parameters<typeof fsm>[0]) => fsm(m, 's', ['A', 'B']).is('toString' as 'A'), "fsm 's': unknown state 'toString' (states: A, B)"],
    [(m: Parameters<typeof fsm>[0]) => fsm(m, 's', ['A']).on({ Z: () => {} } as never), "fsm 's': unknown state 'Z' (states: A)"],
  ])('misuse is an ElaborationError at the caller (%#)', (body, problem) => {
    const e = elaborationErrorOf(() => module('Bad', {}, (m) => void body(m)));
    expect(e.problem).toBe(problem);
    expect(e.loc).toMatch(/^gen\/lib\/fsm\.test\.ts:\d+$/);
  });
});

describe('PulseSequencer example', () => {
  test('elaborates with a Counter child and readable state decodes', () => {
    const design = elaborate(PulseSequencer(5));
    expect(design.modules.map((m) => m.name)).toEqual(['Counter_width3_wrapAt5', 'PulseSequencer_length5']);
    const top = topOf(design);
    expect(top.regs.map((r) => [r.name, r.type.width])).toEqual([['phase', 2]]);
    expect(top.wires.map((w) => w.name).sort()).toEqual(['phase_is_DONE', 'phase_is_IDLE', 'phase_is_RUN']);
  });

  test('a start gives length cycles of pulse, then one cycle of done', () => {
    const sim = cachedSim('pulse/3', () => PulseSequencer(3));
    sim.reset(1);
    const trace: string[] = [];
    for (let t = 0; t < 8; t++) {
      sim.poke('start', t === 1 ? 1 : 0);
      trace.push(`${sim.peek('pulse')}${sim.peek('done')}${sim.peek('busy')}`);
      sim.step();
    }
    expect(trace).toEqual(['000', '000', '101', '101', '101', '011', '000', '000']);
  });

  test('matches its TypeScript model under random starts (length 1..9)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.array(fc.boolean(), { maxLength: 80 }), (length, starts) => {
        const sim = cachedSim(`pulse/${length}`, () => PulseSequencer(length));
        sim.reset(1);
        pulseModel(length, starts).forEach((want, t) => {
          sim.poke('start', +starts[t]);
          const got = { pulse: sim.peek('pulse') === 1n, done: sim.peek('done') === 1n, busy: sim.peek('busy') === 1n };
          expect(got, `cycle ${t}`).toEqual(want);
          sim.step();
        });
      }),
      { numRuns: 200 },
    );
  });

  test.each([1, 2, 5, 16])('PulseSequencer(%i) is lint clean (Verilator -Wall, Icarus, Yosys)', async (length) => {
    await expectLintClean(PulseSequencer(length));
  });
});
