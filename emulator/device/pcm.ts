// PCM device physics after IBM aihwkit's PCMLikeNoiseModel
// (src/aihwkit/inference/noise/pcm.py, a fit of Nandakumar et al., ICECS
// 2019). One device at a time; pure functions; randomness enters only through
// the `rng` argument. Conductances in microsiemens, times in seconds.
// The formulas are in docs/device-model.md.

import type { NormalSource } from './rng.ts';

export interface PcmParams {
  /** Conductance a weight of magnitude 1 maps to (uS). */
  gMaxUs: number;
  /** Read pulse length of the 1/f noise fit (s). */
  tReadS: number;
  /** First read after programming; drift is referenced to it (s). */
  t0S: number;
  /** Programming-noise polynomial c0 + c1 g^ + c2 g^2 (uS, fitted at progCoeffGMaxRefUs). */
  progCoeffUs: readonly [number, number, number];
  /** g_max the polynomial was fitted at; sigma scales by gMaxUs / this. */
  progCoeffGMaxRefUs: number;
  /** Multipliers as in aihwkit (1 = the fitted device; 0 switches a source off). */
  progNoiseScale: number;
  driftScale: number;
  readNoiseScale: number;
}

export const PCM_DEFAULTS: Readonly<PcmParams> = Object.freeze({
  gMaxUs: 25,
  tReadS: 250e-9,
  t0S: 20,
  progCoeffUs: Object.freeze([0.26348, 1.965, -1.1731]) as readonly [number, number, number],
  progCoeffGMaxRefUs: 25,
  progNoiseScale: 1,
  driftScale: 1,
  readNoiseScale: 1,
});

/** Defaults overridden by `overrides`, checked for physical sense. */
export function pcmParams(overrides: Partial<PcmParams> = {}): Readonly<PcmParams> {
  const p = { ...PCM_DEFAULTS, ...overrides };
  for (const key of ['gMaxUs', 'tReadS', 't0S', 'progCoeffGMaxRefUs'] as const) {
    if (!(Number.isFinite(p[key]) && p[key] > 0)) throw new RangeError(`PCM ${key} must be > 0, got ${p[key]}`);
  }
  for (const key of ['progNoiseScale', 'driftScale', 'readNoiseScale'] as const) {
    if (!(Number.isFinite(p[key]) && p[key] >= 0)) throw new RangeError(`PCM ${key} must be >= 0, got ${p[key]}`);
  }
  return Object.freeze(p);
}

// Fit constants of aihwkit's model (not parameters: they are the fit).
/** Smallest normalised conductance the drift-exponent fit is evaluated at (ln 0 guard). */
export const DRIFT_G_FLOOR = 1e-7;
const NU_MU = { slope: -0.0155, offset: 0.0244, min: 0.049, max: 0.1 } as const;
const NU_SIGMA = { slope: -0.0125, offset: -0.0059, min: 0.008, max: 0.045 } as const;
const READ_Q = { scale: 0.0088, exponent: 0.65, floor: 1e-3, max: 0.2 } as const;

const clip = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Standard deviation of programming noise (uS) for target conductance gT (uS). */
export function programmingSigma(gT: number, p: Readonly<PcmParams> = PCM_DEFAULTS): number {
  const g = gT / p.gMaxUs;
  const [c0, c1, c2] = p.progCoeffUs;
  return (c0 + c1 * g + c2 * g * g) * (p.gMaxUs / p.progCoeffGMaxRefUs);
}

/** Programmed conductance: gT plus Gaussian programming noise, clipped at 0 (no negative conductance). */
export function program(gT: number, rng: NormalSource, p: Readonly<PcmParams> = PCM_DEFAULTS): number {
  return Math.max(0, gT + p.progNoiseScale * programmingSigma(gT, p) * rng.normal());
}

/** Mean and spread of the drift exponent nu's underlying normal, for conductance g (uS). */
export function driftExponentDistribution(
  g: number,
  p: Readonly<PcmParams> = PCM_DEFAULTS,
): { mu: number; sigma: number } {
  const lnG = Math.log(Math.max(DRIFT_G_FLOOR, Math.abs(g / p.gMaxUs)));
  return {
    mu: clip(NU_MU.slope * lnG + NU_MU.offset, NU_MU.min, NU_MU.max),
    sigma: clip(NU_SIGMA.slope * lnG + NU_SIGMA.offset, NU_SIGMA.min, NU_SIGMA.max),
  };
}

/**
 * Per-device drift exponent nu = |mu + sigma N(0,1)| (times driftScale).
 * aihwkit evaluates the fit at the *target* conductance (drawn once, when the
 * device is programmed); the array helper does the same.
 */
export function driftExponent(g: number, rng: NormalSource, p: Readonly<PcmParams> = PCM_DEFAULTS): number {
  const { mu, sigma } = driftExponentDistribution(g, p);
  return Math.abs(mu + sigma * rng.normal()) * p.driftScale;
}

/** Drift factor ((t_inf + t0) / t0)^-nu: 1 right after programming, falling as a power law. */
export function driftFactor(nu: number, tInfS: number, p: Readonly<PcmParams> = PCM_DEFAULTS): number {
  return Math.pow((tInfS + p.t0S) / p.t0S, -nu);
}

/** Drifted conductance G_d = g_prog ((t_inf + t0) / t0)^-nu. */
export function drift(gProg: number, nu: number, tInfS: number, p: Readonly<PcmParams> = PCM_DEFAULTS): number {
  return gProg * driftFactor(nu, tInfS, p);
}

/**
 * Relative standard deviation of one read at time t_inf after programming:
 * Q_s sqrt(ln((t + t_read) / (2 t_read))), t = t_inf + t0, with
 * Q_s = min(0.2, 0.0088 / max(1e-3, (g_prog / g_max)^0.65)). Grows with
 * log time (accumulated 1/f noise) and is larger for small conductances.
 */
export function readNoiseSigma(gProg: number, tInfS: number, p: Readonly<PcmParams> = PCM_DEFAULTS): number {
  const qs = Math.min(
    READ_Q.max,
    READ_Q.scale / Math.max(READ_Q.floor, Math.pow(Math.abs(gProg) / p.gMaxUs, READ_Q.exponent)),
  );
  const t = tInfS + p.t0S;
  return p.readNoiseScale * qs * Math.sqrt(Math.log((t + p.tReadS) / (2 * p.tReadS)));
}

/**
 * One read of a device: G = max(0, G_d + |G_d| sigma N(0,1)). neurotile calls
 * this at every read (aihwkit applies it once per drift event).
 */
export function read(
  gDrifted: number,
  gProg: number,
  tInfS: number,
  rng: NormalSource,
  p: Readonly<PcmParams> = PCM_DEFAULTS,
): number {
  return readWithSigma(gDrifted, readNoiseSigma(gProg, tInfS, p), rng);
}

/** The read law with the relative sigma already known (arrays cache it per device). */
export function readWithSigma(gDrifted: number, relSigma: number, rng: NormalSource): number {
  return Math.max(0, gDrifted + Math.abs(gDrifted) * relSigma * rng.normal());
}
