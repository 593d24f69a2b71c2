// Statistical checks of the single-device physics. Every expectation comes
// from REFERENCES.md (quoted numbers, or the formulas re-typed in
// reference-formulas.test-util.ts), never from pcm.ts; tolerance 3% over 100k
// samples (standard errors are ~0.2-0.3%).
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Rng } from './rng.ts';
import {
  drift,
  driftExponent,
  driftExponentDistribution,
  driftFactor,
  PCM_DEFAULTS,
  pcmParams,
  program,
  programmingSigma,
  read,
  readNoiseSigma,
} from './pcm.ts';
import {
  DAY,
  foldedNormalExpectation,
  HOUR,
  meanStd,
  refDriftFactor,
  refNuDistribution,
  refProgSigma,
  refReadSigma,
  relErr,
  REF,
  YEAR,
} from './reference-formulas.test-util.ts';

const N = 100_000;
const TOL = 0.03;

function sample(n: number, f: () => number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = f();
  return xs;
}

// Exact agreement of the closed-form pieces with the REFERENCES formulas, over
// the whole conductance range (the statistical tests below cannot see a small
// change in a fit constant inside their 3% tolerance).
describe('closed forms equal the REFERENCES formulas', () => {
  const gUs = fc.double({ min: 0, max: 25, noNaN: true });
  const tInf = fc.double({ min: 0, max: 1e9, noNaN: true });
  const close = (a: number, b: number): void => {
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.abs(b));
  };
  test.prop([gUs])('programming sigma', (g) => {
    close(programmingSigma(g), refProgSigma(g / REF.gMaxUs));
  });
  test.prop([gUs])('drift exponent mu and sigma', (g) => {
    const got = driftExponentDistribution(g);
    const want = refNuDistribution(g / REF.gMaxUs);
    close(got.mu, want.mu);
    close(got.sigma, want.sigma);
  });
  test.prop([gUs, tInf])('read-noise sigma', (g, t) => {
    close(readNoiseSigma(g, t), refReadSigma(g / REF.gMaxUs, t));
  });
  test.prop([fc.double({ min: 0, max: 1, noNaN: true }), tInf])('drift factor', (nu, t) => {
    close(driftFactor(nu, t), refDriftFactor(nu, t));
  });
});

describe('programming noise', () => {
  it('the polynomial reproduces the quoted sigmas (0.263 / 0.448 / 1.055 uS)', () => {
    expect(programmingSigma(0)).toBeCloseTo(0.263, 3);
    expect(programmingSigma(0.1 * REF.gMaxUs)).toBeCloseTo(0.448, 3);
    expect(programmingSigma(1 * REF.gMaxUs)).toBeCloseTo(1.055, 3);
  });

  it.each([
    { gHat: 0.1, expected: 0.448 }, // quoted in REFERENCES
    { gHat: 0.5, expected: refProgSigma(0.5) }, // 0.9527 uS from the polynomial
    { gHat: 1, expected: 1.055 }, // quoted in REFERENCES
  ])('std of g_prog at g^ = $gHat is $expected uS within 3%', ({ gHat, expected }) => {
    const rng = new Rng(100, Math.round(gHat * 10));
    const gT = gHat * REF.gMaxUs;
    const { mean, std } = meanStd(sample(N, () => program(gT, rng)));
    expect(relErr(std, expected)).toBeLessThan(TOL);
    expect(Math.abs(mean - gT)).toBeLessThan(0.01 * gT); // zero-mean noise (no clipping this far from 0)
  });

  it('scales with g_max relative to the 25 uS fit', () => {
    const p = pcmParams({ gMaxUs: 50 });
    expect(programmingSigma(50, p)).toBeCloseTo(2 * refProgSigma(1), 10);
  });

  test.prop([fc.double({ min: 0, max: 25, noNaN: true }), fc.integer({ min: 0, max: 1000 })])(
    'never programs a negative conductance',
    (gT, seed) => {
      const rng = new Rng(seed);
      for (let i = 0; i < 20; i++) expect(program(gT, rng)).toBeGreaterThanOrEqual(0);
    },
  );
});

describe('drift', () => {
  it('fixed nu = 0.049 gives the quoted 0.775x / 0.664x / 0.497x after 1 h / 1 day / 1 year', () => {
    expect(driftFactor(0.049, HOUR)).toBeCloseTo(0.775, 3);
    expect(driftFactor(0.049, DAY)).toBeCloseTo(0.664, 3);
    expect(driftFactor(0.049, YEAR)).toBeCloseTo(0.497, 3);
    expect(drift(10, 0.049, 0)).toBe(10); // no drift at t_inf = 0
  });

  // nu is random per device, so the expected mean factor is E[((t+t0)/t0)^-nu]
  // over nu = |mu + sigma Z|: integrated numerically, not sampled.
  const cases = [1, 0.1, 0.01].flatMap((gHat) =>
    [
      { label: '1 h', t: HOUR },
      { label: '1 day', t: DAY },
      { label: '1 year', t: YEAR },
    ].map((c) => ({ gHat, ...c })),
  );
  it.each(cases)('mean drift factor at g^ = $gHat after $label matches the folded-normal integral', ({ gHat, t }) => {
    const { mu, sigma } = refNuDistribution(gHat);
    const expected = foldedNormalExpectation(mu, sigma, (nu) => refDriftFactor(nu, t));
    const rng = new Rng(200, Math.round(t));
    const g = gHat * REF.gMaxUs;
    const factors = sample(N, () => drift(1, driftExponent(g, rng), t));
    expect(relErr(meanStd(factors).mean, expected)).toBeLessThan(TOL);
  });

  it('the drift exponent follows the clipped mu / sigma fit', () => {
    for (const gHat of [1, 0.3, 0.01, 0]) {
      const { mu, sigma } = refNuDistribution(gHat);
      const rng = new Rng(300);
      const nus = sample(N, () => driftExponent(gHat * REF.gMaxUs, rng));
      const expMean = foldedNormalExpectation(mu, sigma, (nu) => nu);
      const expSq = foldedNormalExpectation(mu, sigma, (nu) => nu * nu);
      const { mean, std } = meanStd(nus);
      expect(relErr(mean, expMean)).toBeLessThan(TOL);
      expect(relErr(std, Math.sqrt(expSq - expMean ** 2))).toBeLessThan(TOL);
      expect(Math.min(...nus)).toBeGreaterThanOrEqual(0);
    }
  });

  test.prop([fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true })])(
    'the drift factor is in (0, 1] and falls with time',
    (nu, t) => {
      const f = driftFactor(nu, t);
      expect(f).toBeGreaterThan(0);
      expect(f).toBeLessThanOrEqual(1);
      expect(driftFactor(nu, t * 2 + 1)).toBeLessThanOrEqual(f);
    },
  );
});

describe('read noise', () => {
  it('at g^ = 1 the relative sigma is the quoted 3.7% / 4.2% / 5.0% at t_inf = 0 / 1 h / 1 year', () => {
    expect(readNoiseSigma(REF.gMaxUs, 0)).toBeCloseTo(0.037, 3);
    expect(readNoiseSigma(REF.gMaxUs, HOUR)).toBeCloseTo(0.042, 3);
    expect(readNoiseSigma(REF.gMaxUs, YEAR)).toBeCloseTo(0.05, 3);
  });

  it('Q_s is capped at 0.2 for tiny conductances and the (g/g_max)^0.65 term floored at 1e-3', () => {
    const sqrtLn = (tInf: number): number => {
      const t = tInf + REF.t0S;
      return Math.sqrt(Math.log((t + REF.tReadS) / (2 * REF.tReadS)));
    };
    expect(readNoiseSigma(0, DAY)).toBeCloseTo(0.2 * sqrtLn(DAY), 12);
    expect(readNoiseSigma(1e-6, DAY)).toBeCloseTo(0.2 * sqrtLn(DAY), 12);
    expect(readNoiseSigma(0.3, DAY)).toBeCloseTo(refReadSigma(0.3 / REF.gMaxUs, DAY), 12);
  });

  const cases = [1, 0.5, 0.1].flatMap((gHat) =>
    [
      { label: 't_inf = 0', t: 0 },
      { label: '1 h', t: HOUR },
      { label: '1 year', t: YEAR },
    ].map((c) => ({ gHat, ...c })),
  );
  it.each(cases)('relative std of reads at g^ = $gHat, $label matches Q_s sqrt(ln(...))', ({ gHat, t }) => {
    const gProg = gHat * REF.gMaxUs;
    const gd = drift(gProg, 0.05, t); // the law is relative to the drifted value
    const rng = new Rng(400, Math.round(t) + Math.round(gHat * 100));
    const { mean, std } = meanStd(sample(N, () => read(gd, gProg, t, rng)));
    expect(relErr(std / gd, refReadSigma(gHat, t))).toBeLessThan(TOL);
    expect(relErr(mean, gd)).toBeLessThan(0.005);
  });

  it('scales switch sources off', () => {
    const quiet = pcmParams({ progNoiseScale: 0, readNoiseScale: 0, driftScale: 0 });
    const rng = new Rng(1);
    expect(program(12.5, rng, quiet)).toBe(12.5);
    expect(driftExponent(12.5, rng, quiet)).toBe(0);
    expect(read(12.5, 12.5, YEAR, rng, quiet)).toBe(12.5);
    expect(() => pcmParams({ gMaxUs: 0 })).toThrow(RangeError);
    expect(PCM_DEFAULTS.gMaxUs).toBe(25);
  });
});
