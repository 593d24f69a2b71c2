import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Rng } from './rng.ts';
import { matrixFromRows, PcmPairArray, weightToPair, type Matrix } from './array.ts';
import { driftReadout, GlobalDriftCompensation } from './compensation.ts';
import { DAY, meanStd, REF, refReadSigma, relErr } from './reference-formulas.test-util.ts';

function randomWeights(rows: number, cols: number, seed: number, lo: number): Matrix {
  const rng = new Rng(seed, 1);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, () => lo + (1 - lo) * rng.uniform()) };
}

function spikeInputs(count: number, rows: number, seed: number): number[][] {
  const rng = new Rng(seed, 2);
  return Array.from({ length: count }, () => Array.from({ length: rows }, () => (rng.uniform() < 0.5 ? 1 : 0)));
}

const noiseless = { progNoiseScale: 0, readNoiseScale: 0, driftScale: 0 };

describe('differential pair mapping', () => {
  test.prop([fc.double({ min: -1, max: 1, noNaN: true })])('w goes to G+ if positive, G- if negative', (w) => {
    const { plus, minus } = weightToPair(w, 25);
    expect(plus - minus).toBeCloseTo(w * 25, 12);
    expect(Math.min(plus, minus)).toBe(0);
    expect(Math.max(plus, minus)).toBeCloseTo(Math.abs(w) * 25, 12);
  });

  it('rejects weights outside [-1, 1]', () => {
    expect(() => weightToPair(1.01, 25)).toThrow(RangeError);
    expect(() => weightToPair(Number.NaN, 25)).toThrow(RangeError);
    expect(() => PcmPairArray.program(matrixFromRows([[0.5, -2]]), { seed: 1 })).toThrow(RangeError);
  });

  it('a noiseless array computes g_max x^T W exactly', () => {
    const w = matrixFromRows([
      [1, -1, 0.5],
      [-0.25, 0, 1],
    ]);
    const a = PcmPairArray.program(w, { seed: 1, params: noiseless });
    expect(Array.from(a.target.plus)).toEqual([25, 0, 12.5, 0, 0, 25]);
    expect(Array.from(a.target.minus)).toEqual([0, 25, 0, 6.25, 0, 0]);
    a.driftTo(DAY);
    expect(Array.from(a.mvm([1, 1]))).toEqual([18.75, -25, 37.5]);
    expect(Array.from(a.mvm([0, 2]))).toEqual([-12.5, 0, 50]);
  });
});

describe('programming, drift and reads of an array', () => {
  const w = randomWeights(64, 32, 3, -1);

  it('the same seed gives identical devices and reads; another seed does not', () => {
    const a = PcmPairArray.program(w, { seed: 9 });
    const b = PcmPairArray.program(w, { seed: 9 });
    const c = PcmPairArray.program(w, { seed: 10 });
    expect(b.programmed).toEqual(a.programmed);
    expect(b.nu).toEqual(a.nu);
    a.driftTo(DAY);
    b.driftTo(DAY);
    expect(b.read()).toEqual(a.read());
    expect(c.programmed.plus).not.toEqual(a.programmed.plus);
  });

  it('every read draws fresh noise, addressed by read index (replayable)', () => {
    const a = PcmPairArray.program(w, { seed: 4 });
    a.driftTo(DAY);
    const r0 = a.read();
    const r1 = a.read();
    expect(r1.plus).not.toEqual(r0.plus);
    expect(a.readCount).toBe(2);
    expect(a.readAt(0)).toEqual(r0);
    expect(a.readAt(1)).toEqual(r1);
  });

  it('read noise is relative to the drifted conductance with the REFERENCES sigma', () => {
    const a = PcmPairArray.program(matrixFromRows([[1]]), { seed: 2 });
    a.driftTo(DAY);
    const gd = a.drifted.plus[0]!;
    const gHat = a.programmed.plus[0]! / REF.gMaxUs;
    const xs = Float64Array.from({ length: 100_000 }, () => a.read().plus[0]!);
    const { mean, std } = meanStd(xs);
    expect(relErr(std / gd, refReadSigma(gHat, DAY))).toBeLessThan(0.03);
    expect(relErr(mean, gd)).toBeLessThan(0.005);
  });

  it('rejects bad shapes, inputs and times', () => {
    expect(() => PcmPairArray.program({ rows: 2, cols: 2, data: [0, 0, 0] }, { seed: 1 })).toThrow(RangeError);
    const a = PcmPairArray.program(w, { seed: 1 });
    expect(() => a.mvm([1, 0])).toThrow(RangeError);
    expect(() => a.driftTo(-1)).toThrow(RangeError);
  });
});

describe('global drift compensation', () => {
  it('alpha is ~1 right after programming and the readout is mean |G+ - G-|', () => {
    const a = PcmPairArray.program(randomWeights(64, 32, 5, -1), { seed: 5 });
    const comp = GlobalDriftCompensation.calibrate(a);
    expect(Math.abs(comp.alpha(a) - 1)).toBeLessThan(0.01);
    expect(driftReadout({ plus: Float64Array.of(3, 0), minus: Float64Array.of(1, 4) })).toBe(3);
  });

  // Positive weights: outputs do not cancel, so the mean output is a clean measure of response.
  it('restores the mean response of a positive-weight array within 1% after 1 day', () => {
    const a = PcmPairArray.program(randomWeights(256, 64, 6, 0), { seed: 6 });
    const comp = GlobalDriftCompensation.calibrate(a);
    const xs = spikeInputs(16, 256, 6);
    const before = meanStd(xs.flatMap((x) => Array.from(a.mvm(x)))).mean;
    a.driftTo(DAY);
    const alpha = comp.alpha(a);
    const after = meanStd(xs.flatMap((x) => Array.from(a.mvm(x)))).mean;
    expect(after / before).toBeLessThan(0.75); // drift alone loses about a third
    expect(relErr(alpha * after, before)).toBeLessThan(0.01);
  });

  // Signed weights: outputs cancel around 0, so compare the gain (least-squares
  // slope of compensated outputs at 1 day against outputs at t = 0).
  it('restores the response gain of a signed-weight array within 1% after 1 day', () => {
    const a = PcmPairArray.program(randomWeights(256, 128, 7, -1), { seed: 7 });
    const comp = GlobalDriftCompensation.calibrate(a);
    const xs = spikeInputs(16, 256, 7);
    const y0 = xs.flatMap((x) => Array.from(a.mvm(x)));
    a.driftTo(DAY);
    const alpha = comp.alpha(a);
    const y1 = xs.flatMap((x) => Array.from(a.mvm(x)));
    const gain = (k: number): number => {
      let num = 0;
      let den = 0;
      y0.forEach((y, i) => {
        num += k * y1[i]! * y;
        den += y * y;
      });
      return num / den;
    };
    expect(gain(1)).toBeLessThan(0.75);
    expect(Math.abs(gain(alpha) - 1)).toBeLessThan(0.01);
  });
});
