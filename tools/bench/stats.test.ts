// pairedRatio: the ratio of interleaved repetitions, immune to drift that hits both alike.
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { pairedRatio, pairedRatios, summarize } from './stats.ts';

describe('pairedRatio', () => {
  it('is the median of the per-repetition ratios, not the ratio of the medians', () => {
    // Ratios 1, 1, 4: median 1. The medians are 40 and 10: their ratio would say 4.
    expect(pairedRatio(summarize([100, 10, 40]), summarize([100, 10, 10]))).toBe(1);
    // Ratios 2, 0.5, 3: median 2.
    expect(pairedRatio(summarize([10, 20, 30]), summarize([5, 40, 10]))).toBe(2);
  });

  it('is NaN when a side is missing or the counts differ', () => {
    expect(pairedRatio(undefined, summarize([1]))).toBeNaN();
    expect(pairedRatio(summarize([1, 2]), summarize([1]))).toBeNaN();
  });

  test.prop([fc.double({ min: 0.1, max: 10, noNaN: true }), fc.array(fc.double({ min: 1e3, max: 1e7, noNaN: true }), { minLength: 1, maxLength: 9 })])(
    'a constant speed ratio survives any drift of the machine between repetitions',
    (r, speeds) => {
      // Repetition i ran at machine speed speeds[i] for both backends; one is r times faster.
      const got = pairedRatio(summarize(speeds.map((s) => r * s)), summarize(speeds));
      expect(got).toBeCloseTo(r, 9);
    },
  );

  it('pairedRatios keeps the range of the per-repetition ratios', () => {
    // Ratios 2, 0.5, 3: a run whose median says 2x had one repetition at 0.5x.
    const r = pairedRatios(summarize([10, 20, 30]), summarize([5, 40, 10]))!;
    expect([r.min, r.median, r.max]).toEqual([0.5, 2, 3]);
    expect(pairedRatios(summarize([1, 2]), summarize([1]))).toBeUndefined();
  });

  test.prop([fc.array(fc.tuple(fc.double({ min: 1e3, max: 1e7, noNaN: true }), fc.double({ min: 1e3, max: 1e7, noNaN: true })), { minLength: 1, maxLength: 9 })])(
    'the median ratio lies within the range, and the range holds every repetition\'s ratio',
    (pairs) => {
      const r = pairedRatios(summarize(pairs.map(([a]) => a)), summarize(pairs.map(([, b]) => b)))!;
      expect(r.min).toBeLessThanOrEqual(r.median);
      expect(r.median).toBeLessThanOrEqual(r.max);
      for (const [a, b] of pairs) {
        expect(a / b).toBeGreaterThanOrEqual(r.min);
        expect(a / b).toBeLessThanOrEqual(r.max);
      }
    },
  );
});
