// The bitstream ALU on the emulator, fed with the sampler's random numbers:
// every operation's mean absolute error against its exact result over a
// grid of operands shrinks with N as the Bernoulli law sqrt(q(1-q)/N) says
// (CORDIV and the tanh FSM have their own, larger, error), and correlation
// matters where the spec says it does.
import { describe, expect, it } from 'vitest';
import { SamplerCore, collectNumbers, entropyProgram, loadProgram, samplerParams } from '../sampler/index.ts';
import { BitstreamAluCore } from './alu.ts';
import { errorTable } from './error.ts';
import { binomialMae, estimate, exactResult } from './exact.ts';
import { and, or, sng } from './ops.ts';
import { bitstreamParams, OP } from './params.ts';

const P = bitstreamParams();

/** Sampler numbers, lanes interleaved. */
function samplerPool(perLane: number, seed: number): Uint32Array {
  const sp = samplerParams();
  const core = new SamplerCore(sp);
  loadProgram(core, entropyProgram(sp, { seed }));
  const { numbers } = collectNumbers(core, perLane);
  const pool = new Uint32Array(perLane * sp.lanes);
  for (let j = 0; j < perLane; j++) for (let i = 0; i < sp.lanes; i++) pool[j * sp.lanes + i] = numbers[i]![j]!;
  return pool;
}

const pool = samplerPool(2 ** 16, 31);

describe('bitstream ALU error', () => {
  const rows = errorTable(P, pool, { ns: [16, 256, 4096], points: 8, repeats: (n) => Math.min(16, 4096 / n) });
  const row = (op: string, n: number) => rows.find((r) => r.op === op && r.n === n)!;

  // These streams are i.i.d. Bernoulli(q) bits: their error is the binomial E|X/N - q| (-> the sqrt law for large N).
  it.each(['pass', 'mul', 'bmul', 'add', 'or', 'sub'])('%s: MAE within 25%% of an ideal Bernoulli estimate at N = 16, 256, 4096', (op) => {
    for (const n of [16, 256, 4096]) {
      const r = row(op, n);
      expect(r.mae / r.ideal, `${op} N=${n}: MAE ${r.mae}, ideal ${r.ideal}`).toBeGreaterThan(0.75);
      expect(r.mae / r.ideal, `${op} N=${n}: MAE ${r.mae}, ideal ${r.ideal}`).toBeLessThan(1.25);
    }
    // ... and the sqrt law is its large-N limit.
    expect(row(op, 4096).ideal / row(op, 4096).law).toBeGreaterThan(0.97);
    expect(row(op, 4096).ideal / row(op, 4096).law).toBeLessThan(1.03);
  });

  it('div (CORDIV) and tanh (Brown-Card FSM) converge: MAE at N = 4096 below a sixth of N = 16, and below 0.03', () => {
    for (const op of ['div', 'tanh']) {
      expect(row(op, 4096).mae).toBeLessThan(row(op, 16).mae / 6);
      expect(row(op, 4096).mae).toBeLessThan(0.03);
    }
  });
});

describe('bitstream ALU semantics', () => {
  const alu = new BitstreamAluCore(P);
  let cursor = 0;
  const next = (): [number, number, number] => {
    const t: [number, number, number] = [pool[cursor]!, pool[cursor + 1]!, pool[cursor + 2]!];
    cursor = (cursor + 3) % (pool.length - 3);
    return t;
  };

  it('edge operands are exact: a = 0 gives no ones, a = b gives a quotient of 1 and |a - b| = 0', () => {
    expect(alu.run(OP.mul, 0, 200, 1000, next)).toBe(0);
    expect(alu.run(OP.or, 0, 0, 1000, next)).toBe(0);
    expect(alu.run(OP.sub, 77, 77, 1000, next)).toBe(0); // correlated: identical streams
    expect(alu.run(OP.div, 90, 90, 1000, next)).toBeGreaterThan(990); // a stream divided by itself (after the first 1 of the divisor)
    expect(alu.run(OP.pass, 256 - 1, 0, 1000, next)).toBeGreaterThan(980);
  });

  it('a run of length 0 finishes at once with a zero count; a start while busy is ignored', () => {
    expect(alu.tick(true, OP.mul, 5, 5, 0, true, 0, 0, 0)).toBe(true);
    expect(alu.busy).toBe(false);
    expect(alu.done).toBe(true);
    expect(alu.count).toBe(0);
    alu.tick(true, OP.pass, 255, 0, 3, false, 0, 0, 0);
    expect(alu.tick(true, OP.mul, 0, 0, 9, true, 0, 0, 0)).toBe(false);
    expect(alu.op).toBe(OP.pass);
  });

  it('correlation: AND and OR of streams from one random number give min and max; from two, the product and the union', () => {
    const n = 20_000;
    const [pa, pb] = [96, 160];
    let andC = 0;
    let orC = 0;
    let andI = 0;
    let orI = 0;
    for (let t = 0; t < n; t++) {
      const [ra, rb] = next();
      andC += and(sng(pa, ra), sng(pb, ra));
      orC += or(sng(pa, ra), sng(pb, ra));
      andI += and(sng(pa, ra), sng(pb, rb));
      orI += or(sng(pa, ra), sng(pb, rb));
    }
    const se = 3 * Math.sqrt(0.25 / n);
    expect(Math.abs(andC / n - Math.min(pa, pb) / 256)).toBeLessThan(se);
    expect(Math.abs(orC / n - Math.max(pa, pb) / 256)).toBeLessThan(se);
    expect(Math.abs(andI / n - exactResult('mul', pa, pb, 8, 8)!)).toBeLessThan(se);
    expect(Math.abs(orI / n - exactResult('or', pa, pb, 8, 8)!)).toBeLessThan(se);
    expect(estimate('bmul', 3000, 4000)).toBeCloseTo(0.5, 12);
    // The ideal error's definition, summed by hand: E|X - q| = 2 q (1 - q) for one Bernoulli sample, and for two
    // (1-q)^2 q + 2 q (1-q) |1/2 - q| + q^2 (1-q).
    const q = 0.3;
    expect(binomialMae(q, 1)).toBeCloseTo(2 * q * (1 - q), 14);
    expect(binomialMae(q, 2)).toBeCloseTo((1 - q) ** 2 * q + 2 * q * (1 - q) * Math.abs(0.5 - q) + q * q * (1 - q), 14);
  });
});
