import { describe, expect, it } from 'vitest';
import { deviceStats } from './stats.ts';
import {
  foldedNormalExpectation,
  HOUR,
  REF,
  refDriftFactor,
  refNuDistribution,
  refProgSigma,
  refReadSigma,
  relErr,
} from './reference-formulas.test-util.ts';

describe('deviceStats', () => {
  const s = deviceStats(); // defaults: 12.5 uS, 1 h, 100k devices, seed 1

  it('returns exactly the documented shape with the defaults', () => {
    expect(Object.keys(s)).toEqual(['g_target_us', 't_s', 'n', 'programmed', 'drifted', 'read']);
    for (const stage of [s.programmed, s.drifted, s.read]) expect(Object.keys(stage)).toEqual(['mean_us', 'std_us']);
    expect([s.g_target_us, s.t_s, s.n]).toEqual([12.5, 3600, 100_000]);
  });

  it('matches the REFERENCES formulas at g^ = 0.5 after 1 h (3%)', () => {
    const gHat = 0.5;
    const g = gHat * REF.gMaxUs;
    expect(relErr(s.programmed.mean_us, g)).toBeLessThan(0.005);
    expect(relErr(s.programmed.std_us, refProgSigma(gHat))).toBeLessThan(0.03);
    // Programming noise and nu are independent: E[G_d] = g E[factor].
    const { mu, sigma } = refNuDistribution(gHat);
    const meanFactor = foldedNormalExpectation(mu, sigma, (nu) => refDriftFactor(nu, HOUR));
    expect(relErr(s.drifted.mean_us, g * meanFactor)).toBeLessThan(0.03);
    // One read adds relative noise: Var = Var(G_d) + sigma_r^2 E[G_d^2].
    const sr = refReadSigma(gHat, HOUR);
    const d = s.drifted;
    const expectedReadStd = Math.sqrt(d.std_us ** 2 + sr ** 2 * (d.std_us ** 2 + d.mean_us ** 2));
    expect(relErr(s.read.std_us, expectedReadStd)).toBeLessThan(0.03);
    expect(relErr(s.read.mean_us, d.mean_us)).toBeLessThan(0.005);
  });

  it('is deterministic per seed', () => {
    const small = { n: 1000, gUs: 5, tS: 1e5 };
    expect(deviceStats({ ...small, seed: 3 })).toEqual(deviceStats({ ...small, seed: 3 }));
    expect(deviceStats({ ...small, seed: 3 })).not.toEqual(deviceStats({ ...small, seed: 4 }));
  });
});
