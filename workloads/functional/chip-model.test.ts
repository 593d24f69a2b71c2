// The functional model against the emulator's own crossbar model: every
// read of TileReader equals CrossbarMacroState's column currents through
// adcCode, bit for bit, and a whole FunctionalChip run equals a plain
// re-implementation of the chip arithmetic on top of CrossbarMacroState.
import { describe, expect, test } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { CrossbarMacroState, adcCode, sigmaTable } from '../../emulator/crossbar/index.ts';
import { TileReader } from './tile-reads.ts';
import { FunctionalChip, inputSpikes, type ChipNetwork } from './chip-model.ts';
import { compensatedThreshold, programTile, type ProgrammedTile } from './program-tile.ts';

const tileArb = fc
  .record({
    rows: fc.integer({ min: 1, max: 24 }),
    cols: fc.integer({ min: 1, max: 12 }),
    gbits: fc.constantFrom(1, 2, 4, 8),
    tS: fc.constantFrom(0, 3600, 31_536_000),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    shift: fc.integer({ min: 0, max: 31 }),
    adcBits: fc.integer({ min: 1, max: 8 }),
  })
  .chain((p) =>
    fc.record({
      p: fc.constant(p),
      plus: fc.uint8Array({ minLength: p.rows * p.cols, maxLength: p.rows * p.cols, max: 2 ** p.gbits - 1 }),
      minus: fc.uint8Array({ minLength: p.rows * p.cols, maxLength: p.rows * p.cols, max: 2 ** p.gbits - 1 }),
      reads: fc.array(fc.array(fc.boolean(), { minLength: p.rows, maxLength: p.rows }), { minLength: 1, maxLength: 4 }),
    }),
  );

describe('TileReader = CrossbarMacroState + adcCode (fast-check, seed 30; replay with that seed)', () => {
  fcTest.prop([tileArb], { seed: 30, numRuns: 150 })('codes of consecutive reads match bit for bit', ({ p, plus, minus, reads }) => {
    const tile: ProgrammedTile = { rows: p.rows, cols: p.cols, gbits: p.gbits, plus, minus, sigma: sigmaTable(p.gbits, p.tS), alpha: 1, tS: p.tS };
    const reader = new TileReader(tile, p.rows, p.cols, p.seed, p.adcBits);
    const macro = new CrossbarMacroState({ rows: p.rows, cols: p.cols, gbits: p.gbits, adcBits: p.adcBits, adcShare: 1 });
    for (let r = 0; r < p.rows; r++) for (let c = 0; c < p.cols; c++) macro.writePair(r, c, plus[r * p.cols + c]!, minus[r * p.cols + c]!);
    tile.sigma.forEach((s, l) => macro.writeSigma(l, s));
    macro.writeSeed(p.seed);
    const codes = new Int32Array(p.cols);
    for (const rows of reads) {
      const active = Int32Array.from(rows.flatMap((on, r) => (on ? [r] : [])));
      reader.read(active, active.length, p.shift, codes);
      const spikes = rows.reduce((v, on, r) => (on ? v | (1n << BigInt(r)) : v), 0n);
      const key = macro.nextReadKey();
      const expected = Array.from({ length: p.cols }, (_, c) => adcCode(macro.columnCurrent(key, c, spikes), p.shift, p.adcBits));
      expect(Array.from(codes)).toEqual(expected);
    }
  });
});

/** The chip arithmetic written out plainly on the emulator's macro model (bigint spike vectors, one column at a time). */
function referenceRun(net: ChipNetwork, tiles: ProgrammedTile[], thresholds: number[], readerSeeds: number[], inputSeed: number, pooled: Uint8Array, item: number, samples: number, T: number): number[] {
  const macros = net.layers.map((l, i) => {
    const t = tiles[i]!;
    const m = new CrossbarMacroState({ rows: t.rows, cols: t.cols, gbits: net.gbits, adcBits: net.adcBits, adcShare: 1 });
    for (let r = 0; r < t.rows; r++) for (let c = 0; c < t.cols; c++) m.writePair(r, c, t.plus[r * t.cols + c]!, t.minus[r * t.cols + c]!);
    t.sigma.forEach((s, lv) => m.writeSigma(lv, s));
    m.writeSeed(readerSeeds[i]!);
    return m;
  });
  const [l1, l2] = net.layers;
  const out: number[] = [];
  for (let s = 0; s < samples; s++) {
    const run = item * samples + s;
    macros.forEach((m) => (m.readIndex = run * T));
    const v1 = new Array(l1.outputs).fill(0);
    const v2 = new Array(l2.outputs).fill(0);
    let prev = new Array(l1.outputs).fill(false);
    const counts = new Array(l2.outputs).fill(0);
    const sat = (v: number) => Math.max(-32768, Math.min(32767, v));
    for (let t = 0; t < T; t++) {
      const act = new Int32Array(l1.inputs);
      const n = inputSpikes(inputSeed, run * T + t, pooled, l1.inputs, act);
      let s1 = 1n << BigInt(l1.inputs); // bias row, always on
      for (let a = 0; a < n; a++) s1 |= 1n << BigInt(act[a]!);
      let s2 = 1n << BigInt(l2.inputs);
      prev.forEach((on, j) => on && (s2 |= 1n << BigInt(j)));
      const k1 = macros[0]!.nextReadKey();
      const k2 = macros[1]!.nextReadKey();
      const next = prev.map(() => false);
      for (let j = 0; j < l1.outputs; j++) {
        v1[j] = sat(v1[j] + adcCode(macros[0]!.columnCurrent(k1, j, s1), l1.shift, net.adcBits) - l1.leak);
        if (v1[j] >= thresholds[0]!) (v1[j] -= thresholds[0]!), (next[j] = true);
      }
      for (let k = 0; k < l2.outputs; k++) {
        v2[k] = sat(v2[k] + adcCode(macros[1]!.columnCurrent(k2, k, s2), l2.shift, net.adcBits) - l2.leak);
        if (v2[k] >= thresholds[1]!) (v2[k] -= thresholds[1]!), counts[k]++;
      }
      prev = next;
    }
    out.push(...counts);
  }
  return out;
}

const netArb = fc
  .record({
    inputs: fc.integer({ min: 1, max: 10 }),
    hidden: fc.integer({ min: 1, max: 6 }),
    outputs: fc.integer({ min: 1, max: 4 }),
    sh1: fc.integer({ min: 2, max: 10 }),
    sh2: fc.integer({ min: 2, max: 10 }),
    th1: fc.integer({ min: 1, max: 60 }),
    th2: fc.integer({ min: 1, max: 60 }),
    leak: fc.integer({ min: -3, max: 3 }),
    tS: fc.constantFrom(1, 3600, 86_400),
    compensate: fc.boolean(),
    seed: fc.integer({ min: 0, max: 2 ** 20 }),
  })
  .chain((p) =>
    fc.record({
      p: fc.constant(p),
      w1: fc.array(fc.integer({ min: -15, max: 15 }), { minLength: (p.inputs + 1) * p.hidden, maxLength: (p.inputs + 1) * p.hidden }),
      w2: fc.array(fc.integer({ min: -15, max: 15 }), { minLength: (p.hidden + 1) * p.outputs, maxLength: (p.hidden + 1) * p.outputs }),
      pooled: fc.uint8Array({ minLength: p.inputs, maxLength: p.inputs }),
    }),
  );

describe('FunctionalChip = the chip arithmetic written out on CrossbarMacroState (fast-check, seed 31)', () => {
  fcTest.prop([netArb], { seed: 31, numRuns: 25 })('spike counts match for noisy programmed tiles, with and without compensation', ({ p, w1, w2, pooled }) => {
    const net: ChipNetwork = {
      gbits: 4,
      adcBits: 8,
      layers: [
        { inputs: p.inputs, outputs: p.hidden, levels: Int16Array.from(w1), shift: p.sh1, threshold: p.th1, leak: p.leak },
        { inputs: p.hidden, outputs: p.outputs, levels: Int16Array.from(w2), shift: p.sh2, threshold: p.th2, leak: 0 },
      ],
    };
    // Small tiles keep the bigint reference fast; programming noise and drift are on.
    const chip = new FunctionalChip(net, { tS: p.tS, compensate: p.compensate, seed: p.seed }, { rows: 16, cols: 8 });
    const got = Array.from(chip.run(pooled, 3, 2, 6));
    const want = referenceRun(net, chip.tiles, chip.thresholds, chip.readers.map((r) => r.seed), chip.inputSeed, pooled, 3, 2, 6);
    expect(got).toEqual(want);
    // Thresholds follow the compensation rule.
    const alpha = chip.tiles[0].alpha;
    expect(chip.thresholds[0]).toBe(p.compensate ? compensatedThreshold(p.th1, alpha) : p.th1);
    if (p.tS >= 3600) expect(alpha).toBeGreaterThan(1.05);
  });
});

describe('programTile', () => {
  fcTest.prop([fc.array(fc.integer({ min: -15, max: 15 }), { minLength: 12, maxLength: 12 })], { seed: 32, numRuns: 20 })('ideal mode writes the exact levels on the right device of each pair (seed 32)', (levels) => {
    const t = programTile(levels, 3, 4, { gbits: 4, tS: 0, seed: 1, ideal: true, rows: 5, cols: 6 });
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) {
      const m = levels[r * 4 + c]!;
      expect([t.plus[r * 6 + c], t.minus[r * 6 + c]]).toEqual([Math.max(0, m), Math.max(0, -m)]);
    }
    expect(t.plus[4 * 6 + 5]).toBe(0);
    expect(Array.from(t.sigma).every((s) => s === 0)).toBe(true);
  });

  fcTest.prop([fc.integer({ min: 1, max: 5000 }), fc.double({ min: 1, max: 3, noNaN: true })], { seed: 33 })('compensated threshold = round(theta / alpha), at least 1 (seed 33)', (theta, alpha) => {
    expect(compensatedThreshold(theta, alpha)).toBe(Math.max(1, Math.round(theta / alpha)));
  });
});

describe('a fixed example that spikes', () => {
  test('strong positive weights drive hidden and output spikes; the reference agrees', () => {
    const net: ChipNetwork = {
      gbits: 4,
      adcBits: 8,
      layers: [
        { inputs: 4, outputs: 3, levels: Int16Array.from([15, 10, -5, 15, 10, -5, 15, 10, -5, 15, 10, -5, 2, 2, 2]), shift: 6, threshold: 40, leak: 0 },
        { inputs: 3, outputs: 2, levels: Int16Array.from([15, -15, 15, -15, 15, -15, 1, 1]), shift: 6, threshold: 30, leak: 0 },
      ],
    };
    const chip = new FunctionalChip(net, { tS: 3600, compensate: true, seed: 5 }, { rows: 8, cols: 4 });
    const pooled = Uint8Array.from([200, 200, 200, 200]);
    const got = Array.from(chip.run(pooled, 0, 3, 16));
    expect(got).toEqual(referenceRun(net, chip.tiles, chip.thresholds, chip.readers.map((r) => r.seed), chip.inputSeed, pooled, 0, 3, 16));
    // Output 0 (positive weights) fires often, output 1 (negative) never.
    for (let s = 0; s < 3; s++) {
      expect(got[2 * s]).toBeGreaterThan(5);
      expect(got[2 * s + 1]).toBe(0);
    }
  });
});
