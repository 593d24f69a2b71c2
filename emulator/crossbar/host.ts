// What the host computes with the float device model before a read session:
// the conductance level of every device (programming noise and drift to the
// inference time t applied, then quantized) and the sigma table S[level]
// that makes the twin's integer read noise follow the read-noise law at t.
import {
  driftExponentDistribution,
  driftFactor,
  pcmParams,
  readNoiseSigma,
  type PairConductances,
  type PcmParams,
} from '../device/index.ts';
import { NOISE_SHIFT, READ_FRAC_BITS, SIGMA_BITS, Z_SIGMA } from './params.ts';

/** Conductance (uS) of `level` on a GBITS scale: level / (2^GBITS - 1) * g_max. */
export function levelConductance(level: number, gbits: number, p: Readonly<PcmParams>): number {
  return (level / (2 ** gbits - 1)) * p.gMaxUs;
}

/** Nearest level of a conductance (clipped to 0 .. 2^GBITS - 1). */
export function quantizeConductance(gUs: number, gbits: number, p: Readonly<PcmParams>): number {
  const top = 2 ** gbits - 1;
  return Math.min(top, Math.max(0, Math.round((gUs / p.gMaxUs) * top)));
}

/** Levels of every pair of a drifted array (row-major, like PairConductances). */
export function quantizePairs(g: Readonly<PairConductances>, gbits: number, params: Partial<PcmParams> = {}) {
  const p = pcmParams(params);
  const q = (a: Float64Array) => Uint8Array.from(a, (x) => quantizeConductance(x, gbits, p));
  return { plus: q(g.plus), minus: q(g.minus) };
}

/**
 * Relative read sigma the twin uses for a device read at `level` at t_inf:
 * the device model's law, evaluated at the programmed conductance, which the
 * host estimates from the level by undoing the mean drift (mu_nu) to t_inf.
 */
export function levelReadSigma(level: number, gbits: number, tInfS: number, params: Partial<PcmParams> = {}): number {
  const p = pcmParams(params);
  const g = levelConductance(level, gbits, p);
  const gProg = g / driftFactor(driftExponentDistribution(g, p).mu * p.driftScale, tInfS, p);
  return readNoiseSigma(gProg, tInfS, p);
}

/**
 * S[level] = round(sigma_rel * level * 2^F * 2^SHIFT / sigma_z), so that
 * floor(z S / 2^SHIFT) has standard deviation sigma_rel * level * 2^F, the
 * float model's |G_d| sigma in read units.
 */
export function sigmaTable(gbits: number, tInfS: number, params: Partial<PcmParams> = {}): Uint16Array {
  const out = new Uint16Array(2 ** gbits);
  for (let level = 0; level < out.length; level++) {
    const ideal = (levelReadSigma(level, gbits, tInfS, params) * level * 2 ** (READ_FRAC_BITS + NOISE_SHIFT)) / Z_SIGMA;
    out[level] = Math.min(2 ** SIGMA_BITS - 1, Math.round(ideal));
  }
  return out;
}
