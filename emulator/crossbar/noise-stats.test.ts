// The twin's integer read noise vs the float device model: for every
// conductance level, the spread of many integer reads (hash -> Irwin-Hall z ->
// z S[level] >> 8, clipped at 0) matches the spread of the float model's read
// law (G_d + |G_d| sigma N(0,1), clipped at 0) within 5%.
import { describe, expect, it } from 'vitest';
import { CounterNormals, pcmParams, readNoiseSigma, readWithSigma } from '../device/index.ts';
import { levelConductance, levelReadSigma, sigmaTable } from './host.ts';
import { deviateZ, noisyRead, readKey } from './noise.ts';
import { READ_FRAC_BITS } from './params.ts';

function std(xs: Float64Array): number {
  let s = 0;
  let q = 0;
  for (const x of xs) {
    s += x;
    q += x * x;
  }
  const m = s / xs.length;
  return Math.sqrt(Math.max(0, q / xs.length - m * m));
}

/** Spread (in level units) of `n` integer twin reads of one device at `level`. */
function integerSpread(level: number, sigma: number, n: number, seed: number): number {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = noisyRead(level, sigma, deviateZ(readKey(seed, i), 2 * level)) / 2 ** READ_FRAC_BITS;
  return std(xs);
}

/** Spread (in level units) of `n` float-model reads of a device at `level`'s conductance. */
function floatSpread(level: number, relSigma: number, n: number, seed: number): number {
  const normals = new CounterNormals(seed);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = readWithSigma(level, relSigma, normals.at(level, i));
  return std(xs);
}

describe('twin read noise vs the float read-noise law', () => {
  const cases = [
    { gbits: 4, t: 0, n: 100_000 },
    { gbits: 4, t: 3600, n: 100_000 },
    { gbits: 4, t: 31_536_000, n: 100_000 },
    { gbits: 8, t: 86_400, n: 50_000 },
  ];
  it.each(cases)('$gbits-bit levels at t = $t s: spread within 5% at every level ($n reads each)', ({ gbits, t, n }) => {
    const table = sigmaTable(gbits, t);
    const worst = { level: 0, ratio: 1 };
    for (let level = 1; level < 2 ** gbits; level++) {
      const rel = levelReadSigma(level, gbits, t);
      const ratio = integerSpread(level, table[level]!, n, 11) / floatSpread(level, rel, n, 12);
      if (Math.abs(ratio - 1) > Math.abs(worst.ratio - 1)) Object.assign(worst, { level, ratio });
      expect(ratio, `level ${level}`).toBeGreaterThan(0.95);
      expect(ratio, `level ${level}`).toBeLessThan(1.05);
    }
    // level 0 is a device at 0 uS: no noise in either model
    expect(integerSpread(0, table[0]!, 1000, 11)).toBe(0);
    console.log(`gbits ${gbits}, t ${t} s: worst level ${worst.level}, spread ratio ${worst.ratio.toFixed(4)}`);
  }, 120_000);

  it('at t = 0 the level sigma is the device law at the level conductance (no drift to undo)', () => {
    const p = pcmParams();
    for (const level of [1, 5, 15]) {
      expect(levelReadSigma(level, 4, 0)).toBeCloseTo(readNoiseSigma(levelConductance(level, 4, p), 0, p), 12);
    }
  });
});
