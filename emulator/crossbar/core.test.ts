// The fast crossbar core against the spec's formulas (written out here
// independently of core.ts) and the read-back ports of the interface model.
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { CrossbarCore, spikeWords } from './core.ts';
import { CrossbarInterfaceModel, type CrossbarInputs } from './interface.ts';
import { adcCode } from './macro.ts';
import { deviateZ, deviceId, noisyRead, readKey } from './noise.ts';
import type { CrossbarParams } from './params.ts';

const config = fc
  .record({ rows: fc.integer({ min: 1, max: 70 }), cols: fc.integer({ min: 1, max: 40 }), gbits: fc.integer({ min: 1, max: 8 }), adcBits: fc.integer({ min: 1, max: 8 }), shareLog: fc.integer({ min: 0, max: 5 }) })
  .map(({ shareLog, ...p }): CrossbarParams => {
    let share = 1 << shareLog;
    while (p.cols % share !== 0) share >>= 1;
    return { ...p, adcShare: share };
  });

/** I[c] of the spec, device by device. */
function specCurrent(p: CrossbarParams, plus: number[], minus: number[], sigma: number[], key: number, active: boolean[], c: number): number {
  let sum = 0;
  for (let r = 0; r < p.rows; r++) {
    if (!active[r]) continue;
    const i = r * p.cols + c;
    sum += noisyRead(plus[i]!, sigma[plus[i]!]!, deviateZ(key, deviceId(r, c, p.cols, false)));
    sum -= noisyRead(minus[i]!, sigma[minus[i]!]!, deviateZ(key, deviceId(r, c, p.cols, true)));
  }
  return sum;
}

describe('crossbar fast core', () => {
  fcTest.prop([config, fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 2 })], { numRuns: 150, seed: 424242 })(
    'codes of every round match the spec formula (sparse sigma tables, zero levels included)',
    (p, seed, shift, sparsity) => {
      const core = new CrossbarCore(p);
      let s = seed;
      const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
      const top = 2 ** p.gbits - 1;
      const plus: number[] = [];
      const minus: number[] = [];
      for (let r = 0; r < p.rows; r++)
        for (let c = 0; c < p.cols; c++) {
          const lp = next() % 3 === 0 ? 0 : next() % (top + 1);
          const lm = next() % 2 === 0 ? 0 : next() % (top + 1);
          plus.push(lp);
          minus.push(lm);
          core.write(0, (r << Math.max(1, Math.ceil(Math.log2(p.cols)))) | c, lp | (lm << p.gbits));
        }
      // sigma: all zero (no noise), some zero, or none zero
      const sigma = Array.from({ length: top + 1 }, (_, l) => (sparsity === 0 ? 0 : sparsity === 1 && next() % 2 === 0 ? 0 : next() % 0x10000));
      sigma.forEach((v, l) => core.write(1, l, v));
      core.write(2, 0, seed);
      const active = Array.from({ length: p.rows }, () => next() % 2 === 0);
      const words = new Uint32Array(spikeWords(p.rows));
      active.forEach((a, r) => {
        if (a) words[r >>> 5]! |= 1 << (r & 31);
      });
      expect(core.tick(true, true, words, shift)).toBe(true);
      const key = readKey(seed, 0);
      const got: number[][] = [];
      for (let cycle = 0; cycle < p.adcShare * (p.rows + 3) + 5; cycle++) {
        if (core.outValid) got.push([core.outRound, ...core.outCodes]);
        core.tick(true, false, undefined, 0);
      }
      expect(got.length).toBe(p.adcShare);
      for (const [j, ...codes] of got) {
        for (let a = 0; a < codes.length; a++) {
          const col = a * p.adcShare + j!;
          expect(codes[a]).toBe(adcCode(specCurrent(p, plus, minus, sigma, key, active, col), shift, p.adcBits));
        }
      }
      expect(core.macro.readIndex).toBe(1);
    },
  );

  it('a read skipped over its quiet cycles delivers the same beats on the same cycles', () => {
    const p: CrossbarParams = { rows: 9, cols: 8, gbits: 3, adcBits: 5, adcShare: 4 };
    const a = new CrossbarCore(p);
    const b = new CrossbarCore(p);
    for (const m of [a, b]) {
      for (let i = 0; i < 72; i++) m.write(0, ((i >> 3) << 3) | (i & 7), (i * 5) % 64);
      m.write(1, 3, 900);
    }
    const words = Uint32Array.of(0b110101011);
    a.tick(true, true, words, 2);
    b.tick(true, true, words, 2);
    const beatsA: string[] = [];
    const beatsB: string[] = [];
    for (let cycle = 1; cycle < 60; cycle++) {
      if (a.outValid) beatsA.push(`${cycle}:${a.outRound}:${[...a.outCodes]}`);
      a.tick(true, false, undefined, 0);
    }
    let cycle = 1;
    while (cycle < 60) {
      if (b.outValid) beatsB.push(`${cycle}:${b.outRound}:${[...b.outCodes]}`);
      const q = b.outValid ? 0 : Math.min(b.quietCycles(), 60 - cycle);
      if (q > 0) {
        b.skip(q);
        cycle += q;
      } else {
        b.tick(true, false, undefined, 0);
        cycle++;
      }
    }
    expect(beatsB).toEqual(beatsA);
    expect(beatsA.length).toBe(4);
  });
});

describe('crossbar read-back ports', () => {
  const p: CrossbarParams = { rows: 5, cols: 6, gbits: 3, adcBits: 4, adcShare: 2 };
  const idle: CrossbarInputs = { wr_valid: 0n, wr_kind: 0n, wr_addr: 0n, wr_data: 0n, start_valid: 0n, start_spikes: 0n, start_shift: 0n, out_ready: 1n };
  const addr = (r: number, c: number) => BigInt((r << 3) | c); // CB = 3

  it('peek_data shows {G-, G+} one cycle after peek_en while idle, 0 outside the array', () => {
    const m = new CrossbarInterfaceModel(p);
    m.step({ ...idle, reset: 1n });
    m.step({ ...idle, wr_valid: 1n, wr_addr: addr(4, 5), wr_data: 5n | (6n << 3n) });
    m.step({ ...idle, peek_en: 1n, peek_addr: addr(4, 5) });
    expect(m.outputs(idle).peek_data).toBe(5n | (6n << 3n));
    // a write and a peek of the same pair in one cycle: the peek sees the old contents
    m.step({ ...idle, peek_en: 1n, peek_addr: addr(4, 5), wr_valid: 1n, wr_addr: addr(4, 5), wr_data: 1n });
    expect(m.outputs(idle).peek_data).toBe(5n | (6n << 3n));
    m.step({ ...idle, peek_en: 1n, peek_addr: addr(4, 5) });
    expect(m.outputs(idle).peek_data).toBe(1n);
    m.step({ ...idle, peek_en: 1n, peek_addr: addr(5, 0) });
    expect(m.outputs(idle).peek_data).toBe(0n);
    m.step({ ...idle, peek_en: 1n, peek_addr: addr(0, 6) });
    expect(m.outputs(idle).peek_data).toBe(0n);
    m.step(idle);
    expect(m.outputs(idle).peek_data).toBeUndefined();
    // no peek while a read starts or runs
    m.step({ ...idle, start_valid: 1n, start_spikes: 1n, peek_en: 1n, peek_addr: addr(4, 5) });
    expect(m.outputs(idle).peek_data).toBeUndefined();
    m.step({ ...idle, peek_en: 1n, peek_addr: addr(4, 5) });
    expect(m.outputs(idle).peek_data).toBeUndefined();
  });

  it('sigma_rd_data, seed_rd and read_index_rd show the registers', () => {
    const m = new CrossbarInterfaceModel(p);
    m.step({ ...idle, reset: 1n });
    m.step({ ...idle, wr_valid: 1n, wr_kind: 1n, wr_addr: 7n, wr_data: 0x1abcden });
    expect(m.outputs({ ...idle, sigma_rd_level: 7n }).sigma_rd_data).toBe(0xbcden);
    expect(m.outputs({ ...idle, sigma_rd_level: 6n }).sigma_rd_data).toBe(0n);
    m.step({ ...idle, wr_valid: 1n, wr_kind: 2n, wr_data: 0xdeadbeefn });
    expect(m.outputs(idle).seed_rd).toBe(0xdeadbeefn);
    expect(m.outputs(idle).read_index_rd).toBe(0n);
    for (let k = 0; k < 2; k++) {
      m.step({ ...idle, start_valid: 1n, start_spikes: 3n });
      for (let c = 0; c < 2 * 8 + 2; c++) m.step(idle);
    }
    expect(m.outputs(idle).read_index_rd).toBe(2n);
    m.step({ ...idle, reset: 1n });
    expect(m.outputs({ ...idle, sigma_rd_level: 7n })).toMatchObject({ sigma_rd_data: 0n, seed_rd: 0n, read_index_rd: 0n });
  });
});
