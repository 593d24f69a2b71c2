// pairedRatio: the ratio of interleaved repetitions, immune to drift that hits both alike.
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { pairedRatio, summarize } from './stats.ts';

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
});
