// The device model's formulas typed again from /work/shared/REFERENCES.md
// ("PCM device model — IBM aihwkit PCMLikeNoiseModel"), deliberately not
// imported from pcm.ts: the statistical tests compare the implementation's
// samples against these. Only tests import this file.

export const REF = {
  gMaxUs: 25,
  tReadS: 250e-9,
  t0S: 20,
  progCoeffUs: [0.26348, 1.965, -1.1731],
} as const;

export const HOUR = 3600;
export const DAY = 86400;
export const YEAR = 365 * DAY;

/** sigma_prog = (c0 + c1 g^ + c2 g^2) (g_max / 25), uS. */
export function refProgSigma(gHat: number): number {
  const [c0, c1, c2] = REF.progCoeffUs;
  return (c0 + c1 * gHat + c2 * gHat ** 2) * (REF.gMaxUs / 25);
}

/** mu_nu and sigma_nu with g^ clipped >= 1e-7 and both clipped to their ranges. */
export function refNuDistribution(gHat: number): { mu: number; sigma: number } {
  const l = Math.log(Math.max(1e-7, gHat));
  return {
    mu: Math.min(0.1, Math.max(0.049, -0.0155 * l + 0.0244)),
    sigma: Math.min(0.045, Math.max(0.008, -0.0125 * l - 0.0059)),
  };
}

/** ((t_inf + t0) / t0)^-nu */
export function refDriftFactor(nu: number, tInf: number): number {
  return ((tInf + REF.t0S) / REF.t0S) ** -nu;
}

/** Relative read sigma: Q_s sqrt(ln((t + t_read) / (2 t_read))), t = t_inf + t0. */
export function refReadSigma(gHat: number, tInf: number): number {
  const qs = Math.min(0.2, 0.0088 / Math.max(1e-3, gHat ** 0.65));
  const t = tInf + REF.t0S;
  return qs * Math.sqrt(Math.log((t + REF.tReadS) / (2 * REF.tReadS)));
}

/**
 * E[f(|mu + sigma Z|)], Z ~ N(0, 1), by composite Simpson over z in [-12, 12]
 * (the folded normal's expectation, no sampling).
 */
export function foldedNormalExpectation(mu: number, sigma: number, f: (nu: number) => number): number {
  const a = -12;
  const b = 12;
  const intervals = 4000; // even
  const h = (b - a) / intervals;
  const phi = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  let sum = 0;
  for (let i = 0; i <= intervals; i++) {
    const z = a + i * h;
    const w = i === 0 || i === intervals ? 1 : i % 2 === 1 ? 4 : 2;
    sum += w * phi(z) * f(Math.abs(mu + sigma * z));
  }
  return (sum * h) / 3;
}

export function meanStd(xs: ArrayLike<number>): { mean: number; std: number } {
  let mean = 0;
  for (let i = 0; i < xs.length; i++) mean += xs[i]!;
  mean /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(v / xs.length) };
}

/** |measured / expected - 1| */
export const relErr = (measured: number, expected: number): number => Math.abs(measured / expected - 1);
