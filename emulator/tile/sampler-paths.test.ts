// The tile's paths that consume random numbers, against docs/tile-spec.md §
// Tile (Encoder, RUN_END) with the sampler as a black box: a twin of the
// tile's sampler (a copy of its state at the step) is driven by the spec's
// rules written out here, and must predict the tile's arrivals, decision,
// timing and sampler counters exactly. Plus the statistics the rules imply.
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { entropyProgram, programWrites, samplerParams, type SamplerCore } from '../sampler/index.ts';
import { C_ALU_OPS, C_SAMPLER_BITS, C_SAMPLER_RAW, C_SAMPLER_READS, COUNTER_COUNT } from './counters.ts';
import { CSR } from './csr.ts';
import type { TileParams } from './params.ts';
import { cloneState, CoreBench, PortBench } from './port-bench.test-util.ts';
import { STEP_RUN_END, STEP_SAMPLE_END, STEP_SAMPLE_START, STEP_TIMESTEP, STEP_TIMESTEP_LAST } from './core.ts';

const tileParams = (rows: number, lanes: number, classes = 3): TileParams => ({
  rows, cols: 8, gbits: 3, adcBits: 6, adcShare: 2, vBits: 12, refBits: 2, fanout: 1, classes, xBits: 1, yBits: 1, fifoDepth: 2,
  sampler: samplerParams({ lanes, rows: 1, windowLog2: 4, deadband: 1 }),
});

function programSampler(b: PortBench | CoreBench, seed: number): void {
  for (const w of programWrites(b.p.sampler, entropyProgram(b.p.sampler, { seed, deviceSeed: seed + 1 }))) b.write(CSR.SAMPLER + ((w.kind << 10) | w.addr), w.data);
}

const counters = (b: PortBench) => Array.from({ length: COUNTER_COUNT }, (_, i) => b.read(CSR.COUNTER + i));
const samplerTotals = (s: SamplerCore) => [s.totals.reads, s.totals.rawBits, s.totals.bits];

/** The encoder of § Tile on a twin sampler, from the cycle after the step: arrivals and the cycle of the last group. */
function referenceEncoder(twin: SamplerCore, intensity: number[], nin: number, lanes: number, stepCycle: number) {
  twin.tick(0); // the step's own edge: the encoder starts in the next cycle
  const rows = new Set<number>();
  // Lane i codes rows i, i + E, ... at its own pace: next[i] is its next row.
  const next = Array.from({ length: lanes }, (_, i) => i);
  let last = stepCycle;
  for (let cycle = stepCycle + 1; next.some((r) => r < nin); cycle++) {
    let take = 0;
    for (let i = 0; i < lanes; i++) {
      if (next[i]! >= nin || ((twin.validMask() >>> i) & 1) === 0) continue;
      if (twin.number(i) < intensity[next[i]!]!) rows.add(next[i]!);
      next[i]! += lanes;
      take |= 1 << i;
      last = cycle;
    }
    twin.tick(take);
  }
  return { rows, lastGroup: last };
}

describe('encoder (rate coding of INPUT_ROWS through the sampler)', () => {
  fcTest.prop(
    [fc.record({ rows: fc.integer({ min: 1, max: 40 }), lanes: fc.integer({ min: 1, max: 8 }), seed: fc.integer({ min: 1, max: 500 }), warm: fc.integer({ min: 0, max: 400 }), inputRows: fc.integer({ min: 0, max: 45 }), kind: fc.constantFrom(STEP_SAMPLE_START, STEP_TIMESTEP) }).chain((g) =>
      fc.record({ g: fc.constant(g), intensity: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: g.rows, maxLength: g.rows }) }),
    )],
    { numRuns: 80, seed: 5150 },
  )('each lane codes its own rows when it holds a number; row r is an arrival iff num < INTENSITY[r]', ({ g, intensity }) => {
    const b = new PortBench(tileParams(g.rows, g.lanes, 0));
    programSampler(b, g.seed);
    intensity.forEach((v, r) => b.write(CSR.INTENSITY + r, v));
    b.write(CSR.INPUT_ROWS, g.inputRows);
    b.write(CSR.THRESHOLD, 2047); // no neuron fires
    for (let i = 0; i < g.warm; i++) b.tick();
    b.write(CSR.CTRL, 1);
    const twin = cloneState(b.m.core.sampler);
    const before = samplerTotals(twin);
    // the step is offered (and taken: the tile is idle) in the next cycle
    const stepCycle = b.step(g.kind);
    const nin = Math.min(g.inputRows, g.rows);
    const want = referenceEncoder(twin, intensity, nin, g.lanes, stepCycle);
    const idle = b.untilIdle();
    const readEnd = g.kind === STEP_TIMESTEP ? stepCycle + 3 + 2 * (g.rows + 3) : stepCycle + 1;
    expect(idle).toBe(Math.max(readEnd, want.lastGroup + 1));
    // the arrivals are in spikes_next (live: readable now)
    const words = Array.from({ length: Math.ceil(g.rows / 32) }, (_, w) => b.read(CSR.SPIKES_NEXT + w));
    const got = new Set<number>();
    words.forEach((word, w) => {
      for (let i = 0; i < 32; i++) if ((word >>> i) & 1) got.add(32 * w + i);
    });
    expect([...got].sort((x, y) => x - y)).toEqual([...want.rows].sort((x, y) => x - y));
    // sampler counters: what the twin did from the clear to the first counter read's value cycle
    for (let c = twin.totals.cycles; b.m.core.sampler.totals.cycles - c > 0; c++) twin.tick(0);
    expect(samplerTotals(b.m.core.sampler)).toEqual(samplerTotals(twin));
    expect(samplerTotals(twin)[0]! - before[0]!).toBeGreaterThanOrEqual(0);
  });

  it('rate codes with probability INTENSITY / 2^K (statistics over many timesteps)', () => {
    const rows = 16;
    const b = new CoreBench(tileParams(rows, 8, 0));
    programSampler(b, 42);
    const intensity = Array.from({ length: rows }, (_, r) => r * 16); // p = r / 16
    intensity.forEach((v, r) => b.write(CSR.INTENSITY + r, v));
    b.write(CSR.INPUT_ROWS, rows);
    b.write(CSR.THRESHOLD, 2047);
    for (let i = 0; i < 5000; i++) b.tick(); // calibration settles
    const ones = new Array<number>(rows).fill(0);
    const n = 1000;
    b.step(STEP_SAMPLE_START);
    for (let t = 0; t < n; t++) {
      b.step(STEP_TIMESTEP); // spikes_next (the encoded rows) moves to spikes_cur
      const cur = b.read(CSR.SPIKES_CUR);
      for (let r = 0; r < rows; r++) ones[r]! += (cur >>> r) & 1;
      b.untilIdle();
    }
    for (let r = 0; r < rows; r++) {
      const p = r / 16;
      const sd = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(ones[r]! / n - p), `row ${r}`).toBeLessThanOrEqual(4 * sd + 0.01);
    }
  }, 120_000);
});

/** RUN_END of § Tile on a twin sampler: the votes scan, then the CORDIV steps. */
function referenceRunEnd(twin: SamplerCore, votes: number[], samples: number, log2n: number, K: number, stepCycle: number) {
  let w = 0;
  for (let c = 1; c < votes.length; c++) if (votes[c]! > votes[w]!) w = c;
  twin.tick(0); // the step's edge
  for (let i = 0; i < votes.length; i++) twin.tick(0); // scan cycles e+1 .. e+NCLS
  const N = 2 ** Math.min(log2n, 12);
  let q = 0;
  let ones = 0;
  let cycle = stepCycle + votes.length + 1;
  for (let step = 0; step < N; cycle++) {
    const valid = twin.validMask();
    if (valid === 0) {
      twin.tick(0);
      continue;
    }
    const lane = 31 - Math.clz32(valid & -valid);
    const u = twin.number(lane);
    // both comparator values scaled so that samples fills the top bit of K (the spec's z)
    const scale = samples === 0 ? 1 : 2 ** (K - samples.toString(2).length);
    const A = u < votes[w]! * scale ? 1 : 0;
    if (u < samples * scale) q = A;
    ones += q;
    twin.tick(1 << lane);
    step++;
  }
  return { winner: w, confidence: Math.min(2 ** K - 1, Math.floor((ones * 2 ** K) / N)), lastStep: cycle - 1, N };
}

describe('RUN_END: winner, confidence through the CORDIV divider, abstain', () => {
  fcTest.prop(
    [fc.record({ seed: fc.integer({ min: 1, max: 500 }), log2n: fc.integer({ min: 0, max: 6 }), S: fc.integer({ min: 1, max: 4 }), T: fc.integer({ min: 1, max: 3 }), abstain: fc.integer({ min: 0, max: 255 }), lanes: fc.integer({ min: 1, max: 4 }), levels: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 8, maxLength: 8 }), threshold: fc.integer({ min: 0, max: 40 }) })],
    { numRuns: 60, seed: 8080 },
  )('winner, confidence, abstain, decided and the cycles follow the spec', (g) => {
    const b = new PortBench(tileParams(4, g.lanes, 3));
    programSampler(b, g.seed);
    // one bias row drives every column with its own level: the class neurons fire at different rates
    g.levels.forEach((l, c) => b.write(CSR.PAIR + c, l));
    b.write(CSR.ALWAYS_ON, 1);
    b.write(CSR.THRESHOLD, g.threshold);
    b.write(CSR.ADC_SHIFT, 5);
    b.write(CSR.ALU_LOG2N, g.log2n);
    b.write(CSR.ABSTAIN_THRESHOLD, g.abstain);
    for (let s = 0; s < g.S; s++) {
      b.step(STEP_SAMPLE_START);
      for (let t = 0; t < g.T; t++) b.step(t === g.T - 1 ? STEP_TIMESTEP_LAST : STEP_TIMESTEP);
      b.step(STEP_SAMPLE_END);
    }
    b.untilIdle();
    const votes = [0, 1, 2].map((c) => b.read(CSR.VOTES + c));
    const samplesWord = b.read(CSR.SAMPLES);
    expect(samplesWord & 0xff).toBe(g.S);
    expect(votes.reduce((a, x) => a + x, 0) + ((samplesWord >>> 8) & 0xff)).toBe(g.S); // every sample votes or is silent
    const opsBefore = b.read(CSR.COUNTER + C_ALU_OPS);
    const twin = cloneState(b.m.core.sampler);
    const e = b.step(STEP_RUN_END);
    const want = referenceRunEnd(twin, votes, g.S, g.log2n, 8, e);
    expect(b.untilIdle()).toBe(want.lastStep + 1);
    const r = b.read(CSR.RESULT);
    expect(r & 15).toBe(want.winner);
    expect((r >>> 8) & 0xffff).toBe(want.confidence);
    expect((r >>> 24) & 1).toBe(want.confidence < g.abstain ? 1 : 0);
    expect((r >>> 25) & 1).toBe(1);
    expect(b.read(CSR.STATUS) & 0b1110).toBe(2 | (want.confidence < g.abstain ? 4 : 0)); // decided, run closed
    expect(b.read(CSR.COUNTER + C_ALU_OPS) - opsBefore).toBe(4 * want.N);
    void [C_SAMPLER_READS, C_SAMPLER_RAW, C_SAMPLER_BITS];
  });

  it('confidence approaches votes / samples for N = 4096 steps (mean of 12 chips)', () => {
    const confidences: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const b = new CoreBench(tileParams(4, 4, 2));
      programSampler(b, seed);
      b.write(CSR.PAIR + 0, 7); // bias row 0 -> column 0 fires; column 1 never (level 0, threshold 1)
      b.write(CSR.ALWAYS_ON, 1);
      b.write(CSR.THRESHOLD, 1);
      b.write(CSR.ADC_SHIFT, 4);
      b.write(CSR.ALU_LOG2N, seed === 1 ? 15 : 12); // N = 2^min(v, 12)
      for (let i = 0; i < 3000; i++) b.tick();
      // 3 samples vote for class 0; 2 are silent (no spikes: threshold raised)
      for (let s = 0; s < 5; s++) {
        if (s === 3) b.write(CSR.THRESHOLD, 2047);
        b.step(STEP_SAMPLE_START);
        b.step(STEP_TIMESTEP_LAST);
        b.step(STEP_SAMPLE_END);
      }
      b.untilIdle();
      expect(b.read(CSR.VOTES)).toBe(3);
      const ops = b.read(CSR.COUNTER + C_ALU_OPS);
      b.step(STEP_RUN_END);
      b.untilIdle();
      expect(b.read(CSR.COUNTER + C_ALU_OPS) - ops).toBe(4 * 4096);
      confidences.push(((b.read(CSR.RESULT) >>> 8) & 0xffff) / 256);
    }
    // Scaled by 2^z (z = 5 for 5 samples), the divisor's stream is 1 in 160 / 256 of the steps, so q is
    // refreshed often: a CORDIV error of about 2 sqrt(p (1 - p) / N) = 0.015 per chip.
    for (const c of confidences) expect(Math.abs(c - 3 / 5)).toBeLessThan(0.06);
    const mean = confidences.reduce((a, x) => a + x, 0) / confidences.length;
    expect(Math.abs(mean - 3 / 5)).toBeLessThan(0.02);
  }, 120_000);
});
