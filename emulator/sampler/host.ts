// What the host does before it lets the sampler run: program the entropy
// macro's reference pairs (G+ and G- both aimed at one level) with the float
// device model (programming noise, drift to the inference time t), load the
// twin's sigma table for t, seed the twin, pick the ADC shift, enable.
// docs/tile-spec.md § Sampler, "Host programming".
import {
  CounterNormals,
  DRAW_DRIFT_EXPONENT,
  DRAW_PROGRAM,
  drift,
  driftExponent,
  pcmParams,
  program,
  type PcmParams,
} from '../device/index.ts';
import { levelConductance, quantizeConductance, sigmaTable, Z_SIGMA } from '../crossbar/index.ts';
import type { SamplerCore } from './core.ts';
import { KIND_PAIR, KIND_SAMPLER, KIND_SEED, KIND_SIGMA, REG, type SamplerParams } from './params.ts';

export interface EntropyProgram {
  /** Levels of G+ and G-, row-major R x E (lane = column). */
  plus: Uint8Array;
  minus: Uint8Array;
  sigma: Uint16Array;
  /** The twin's read-noise seed. */
  seed: number;
  /** ADC shift of every read. */
  shift: number;
}

export interface EntropyProgramOptions {
  /** Time since programming the devices were drifted to (s). Default 0. */
  tS?: number;
  /** Twin read-noise seed. Default 1. */
  seed?: number;
  /** Seed of the devices' programming noise and drift exponents (the chip). Default 1. */
  deviceSeed?: number;
  /** Target level of every device (default: the top level, g_max: the largest read noise). */
  level?: number;
  /** Scales the sigma table (0 = read noise off). Default 1. */
  readNoise?: number;
  pcm?: Partial<PcmParams>;
}

/** Levels of R x E reference pairs, both devices aimed at `level`, programmed with noise and drifted to tS. */
export function referenceLevels(p: SamplerParams, opts: EntropyProgramOptions = {}): { plus: Uint8Array; minus: Uint8Array } {
  const pcm = pcmParams(opts.pcm);
  const top = 2 ** p.gbits - 1;
  const level = opts.level ?? top;
  if (!Number.isInteger(level) || level < 0 || level > top) throw new RangeError(`sampler host: level must be a whole number from 0 to ${top}, got ${level}`);
  const gT = levelConductance(level, p.gbits, pcm);
  const normals = new CounterNormals(opts.deviceSeed ?? 1);
  const n = p.rows * p.lanes;
  const plus = new Uint8Array(n);
  const minus = new Uint8Array(n);
  const one = (device: number): number => {
    const g = program(gT, normals.at(device, DRAW_PROGRAM), pcm);
    const nu = driftExponent(gT, normals.at(device, DRAW_DRIFT_EXPONENT), pcm);
    return quantizeConductance(drift(g, nu, opts.tS ?? 0, pcm), p.gbits, pcm);
  };
  for (let i = 0; i < n; i++) {
    plus[i] = one(2 * i);
    minus[i] = one(2 * i + 1);
  }
  return { plus, minus };
}

/** Standard deviation (read units, 2^-8 level) of a column current: sqrt(sum over rows of both devices' read variance). */
export function columnSigma(p: SamplerParams, plus: ArrayLike<number>, minus: ArrayLike<number>, sigma: ArrayLike<number>, lane: number): number {
  let v = 0;
  for (let r = 0; r < p.rows; r++) {
    const i = r * p.lanes + lane;
    for (const level of [plus[i]!, minus[i]!]) v += ((sigma[level]! * Z_SIGMA) / 256) ** 2;
  }
  return Math.sqrt(v);
}

/** Code spread the host aims for: 2^(k-1) / 8 codes (16 for an 8-bit ADC), at least one code. */
export const targetCodeSigma = (p: SamplerParams): number => Math.max(1, 2 ** (p.adcBits - 1) / 8);

/** Mean column current (read units): sum over rows of (G+ - G-) levels x 2^8. */
export function columnOffset(p: SamplerParams, plus: ArrayLike<number>, minus: ArrayLike<number>, lane: number): number {
  let d = 0;
  for (let r = 0; r < p.rows; r++) d += plus[r * p.lanes + lane]! - minus[r * p.lanes + lane]!;
  return d * 256;
}

/**
 * The ADC shift that brings the median column's noise to about
 * targetCodeSigma codes, or larger if a column's median (its pair mismatch)
 * plus 4 sigma of noise would not fit the code range: calibration can only
 * centre a column whose median lies inside it.
 */
export function chooseShift(p: SamplerParams, plus: ArrayLike<number>, minus: ArrayLike<number>, sigma: ArrayLike<number>): number {
  const sigmas = Array.from({ length: p.lanes }, (_, lane) => columnSigma(p, plus, minus, sigma, lane));
  const median = [...sigmas].sort((a, b) => a - b)[Math.floor(sigmas.length / 2)]!;
  if (!(median > 0)) return 0;
  const forNoise = Math.round(Math.log2(median / targetCodeSigma(p)));
  const reach = Math.max(...sigmas.map((s, lane) => Math.abs(columnOffset(p, plus, minus, lane)) + 4 * s));
  const forRange = Math.ceil(Math.log2(reach / 2 ** (p.adcBits - 1)));
  return Math.min(31, Math.max(0, forNoise, forRange));
}

/** The host's program for an inference time: levels, sigma table (scaled by readNoise), seed, shift. */
export function entropyProgram(p: SamplerParams, opts: EntropyProgramOptions = {}): EntropyProgram {
  const readNoise = opts.readNoise ?? 1;
  if (!(Number.isFinite(readNoise) && readNoise >= 0)) throw new RangeError(`sampler host: readNoise must be >= 0, got ${readNoise}`);
  const { plus, minus } = referenceLevels(p, opts);
  const base = sigmaTable(p.gbits, opts.tS ?? 0, opts.pcm);
  const sigma = Uint16Array.from(base, (s) => Math.min(65535, Math.round(s * readNoise)));
  // The shift is chosen for the device law's noise (readNoise = 1), so that scaling the noise scales the codes.
  const shift = chooseShift(p, plus, minus, base);
  return { plus, minus, sigma, seed: (opts.seed ?? 1) >>> 0, shift };
}

export interface HostWrite {
  kind: number;
  addr: number;
  data: number;
}

/** The writes that load a program: disable, pairs, sigma table, seed, shift, enable (in this order). */
export function programWrites(p: SamplerParams, prog: EntropyProgram, enable = true): HostWrite[] {
  const colBits = Math.max(1, Math.ceil(Math.log2(p.lanes)));
  const writes: HostWrite[] = [{ kind: KIND_SAMPLER, addr: REG.control, data: 0 }];
  for (let r = 0; r < p.rows; r++) {
    for (let c = 0; c < p.lanes; c++) {
      const i = r * p.lanes + c;
      writes.push({ kind: KIND_PAIR, addr: (r << colBits) | c, data: prog.plus[i]! | (prog.minus[i]! << p.gbits) });
    }
  }
  prog.sigma.forEach((s, level) => writes.push({ kind: KIND_SIGMA, addr: level, data: s }));
  writes.push({ kind: KIND_SEED, addr: 0, data: prog.seed });
  writes.push({ kind: KIND_SAMPLER, addr: REG.shift, data: prog.shift });
  if (enable) writes.push({ kind: KIND_SAMPLER, addr: REG.control, data: 1 });
  return writes;
}

/** Loads a program through the host port of a sampler core; returns the cycles it took. */
export function loadProgram(core: SamplerCore, prog: EntropyProgram, enable = true): number {
  let cycles = 0;
  for (const w of programWrites(core.p, prog, enable)) cycles += core.hostWrite(w.kind, w.addr, w.data);
  return cycles;
}
