// Statistics of the device model for one target conductance: N independent
// devices programmed to g, drifted to T, read once. Backs `neurotile device`.

import { CounterNormals } from './rng.ts';
import { drift, driftExponent, PCM_DEFAULTS, program, read, type PcmParams } from './pcm.ts';
import { DRAW_DRIFT_EXPONENT, DRAW_PROGRAM, DRAW_READ_BASE } from './draws.ts';

export interface DeviceStatsOptions {
  /** Target conductance (uS); default g_max / 2 = 12.5. */
  gUs?: number;
  /** Inference time after programming (s); default 3600. */
  tS?: number;
  /** Number of devices; default 100000. */
  n?: number;
  /** Seed of the counter-based generator; default 1. */
  seed?: number;
  params?: Readonly<PcmParams>;
}

export interface MeanStd {
  mean_us: number;
  std_us: number;
}

export interface DeviceStats {
  g_target_us: number;
  t_s: number;
  n: number;
  /** After programming noise. */
  programmed: MeanStd;
  /** Programmed, then drifted to t_s (no read noise). */
  drifted: MeanStd;
  /** Drifted, plus one read's noise. */
  read: MeanStd;
}

export const DEVICE_STATS_DEFAULTS = { gUs: 12.5, tS: 3600, n: 100_000, seed: 1 } as const;

/** Welford running mean / variance: one pass, no cancellation. */
class Running {
  private count = 0;
  private mean = 0;
  private m2 = 0;

  add(x: number): void {
    this.count++;
    const d = x - this.mean;
    this.mean += d / this.count;
    this.m2 += d * (x - this.mean);
  }

  /** Population standard deviation (divides by n: defined for n = 1 too). */
  result(): MeanStd {
    return { mean_us: this.mean, std_us: Math.sqrt(this.m2 / this.count) };
  }
}

/**
 * Device i uses stream i of the counter-based generator, with the same draw
 * layout as a crossbar (draws.ts), and its first read (read index 0).
 * cli.ts turns bad user input into BadInput; here it is a RangeError.
 */
export function deviceStats(opts: DeviceStatsOptions = {}): DeviceStats {
  const g = opts.gUs ?? DEVICE_STATS_DEFAULTS.gUs;
  const t = opts.tS ?? DEVICE_STATS_DEFAULTS.tS;
  const n = opts.n ?? DEVICE_STATS_DEFAULTS.n;
  const seed = opts.seed ?? DEVICE_STATS_DEFAULTS.seed;
  const p = opts.params ?? PCM_DEFAULTS;
  if (!(g >= 0 && Number.isFinite(g) && t >= 0 && Number.isFinite(t) && Number.isSafeInteger(n) && n >= 1)) {
    throw new RangeError(`deviceStats: need g >= 0, t >= 0 and an integer n >= 1 (got g=${g}, t=${t}, n=${n})`);
  }
  const normals = new CounterNormals(seed);
  const programmed = new Running();
  const drifted = new Running();
  const readStats = new Running();
  for (let i = 0; i < n; i++) {
    const gProg = program(g, normals.at(i, DRAW_PROGRAM), p);
    const nu = driftExponent(g, normals.at(i, DRAW_DRIFT_EXPONENT), p);
    const gDrift = drift(gProg, nu, t, p);
    const gRead = read(gDrift, gProg, t, normals.at(i, DRAW_READ_BASE), p);
    programmed.add(gProg);
    drifted.add(gDrift);
    readStats.add(gRead);
  }
  return {
    g_target_us: g,
    t_s: t,
    n,
    programmed: programmed.result(),
    drifted: drifted.result(),
    read: readStats.result(),
  };
}
