// The property tests' seed is fixed (scripts/vitest-fc-seed.ts): the same
// random values in every run, so a CI failure replays.
import fc from 'fast-check';
import { expect, it } from 'vitest';

it('fast-check runs from the configured, fixed seed', () => {
  const expected = process.env.NEUROTILE_FC_SEED === undefined ? 20261202 : undefined;
  const seed = fc.readConfigureGlobal().seed;
  expect(typeof seed).toBe('number');
  if (expected !== undefined) expect(seed).toBe(expected);
  // Two samples without a seed of their own agree: they both come from the global one.
  const a = fc.sample(fc.integer(), { numRuns: 5 });
  const b = fc.sample(fc.integer(), { numRuns: 5 });
  expect(a).toEqual(b);
});
