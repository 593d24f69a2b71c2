// The studies the report runs in-process when no saved JSON is given: the
// sampler's density and standard error against the sqrt(p(1-p)/N) law, the
// router mesh's latency and throughput against offered load, and the
// crossbar's MVM error against time after programming. All on the emulator
// with fixed seeds, so the same options give the same figures everywhere.
import { MVM_ERROR_TIMES, mvmErrorTable } from '../../emulator/crossbar/mvm-error.ts';
import { DEFAULT_ROUTER_PARAMS } from '../../emulator/router/flit.ts';
import { saturationSweep, SWEEP_RATES } from '../../emulator/router/saturation.ts';
import { bernoulliStdError, collectNumbers, entropyProgram, loadProgram, runUntilConverged, SamplerCore, samplerParams } from '../../emulator/sampler/index.ts';

export interface SamplerLaw {
  /** Twin seed of the entropy macro. */
  seed: number;
  numbers: number;
  /** Bernoulli density of p = k/256 over `n` numbers, with the law's standard error. */
  density: { k: number; p: number; n: number; density: number; stdError: number }[];
  /** Spread of M = numbers / N density estimates of N numbers each, against sqrt(p(1-p)/N). */
  stdError: { p: number; N: number; estimates: number; measured: number; law: number }[];
}

export interface RouterStudy {
  mesh: { width: number; height: number };
  packetsPerPoint: number;
  warmupCycles: number;
  seed: number;
  rows: { fifoDepth: number; rate: number; throughput: number; meanNetworkLatency: number; meanLatency: number; lost: number; duplicated: number }[];
}

export interface CrossbarStudy {
  rows: number;
  cols: number;
  gbits: number;
  vectors: number;
  density: number;
  seed: number;
  points: { label: string; tS: number; float: number; floatCompensated: number; twin: number; twinCompensated: number }[];
}

export const SAMPLER_LAW_KS = [1, 8, 32, 64, 128, 192, 224, 248, 255];

export function samplerLaw(o: { perLane: number; seed: number }): SamplerLaw {
  const P = samplerParams();
  const core = new SamplerCore(P);
  loadProgram(core, entropyProgram(P, { seed: o.seed, tS: 0 }));
  runUntilConverged(core, 1_000_000);
  const lanes = collectNumbers(core, o.perLane).numbers;
  // Lane-interleaved, as the numbers come out of the sampler.
  const all = new Uint32Array(lanes.length * o.perLane);
  for (let j = 0; j < o.perLane; j++) for (let i = 0; i < lanes.length; i++) all[j * lanes.length + i] = lanes[i]![j]!;
  const K = 2 ** P.numberBits;
  const density = SAMPLER_LAW_KS.map((k) => {
    let ones = 0;
    for (const v of all) ones += v < k ? 1 : 0;
    return { k, p: k / K, n: all.length, density: ones / all.length, stdError: bernoulliStdError(k / K, all.length) };
  });
  const stdError: SamplerLaw['stdError'] = [];
  for (const k of [128, 32]) {
    for (let N = 16; N <= all.length / 64; N *= 4) {
      const M = Math.floor(all.length / N);
      let a = 0;
      let b = 0;
      for (let j = 0; j < M; j++) {
        let ones = 0;
        for (let i = j * N; i < (j + 1) * N; i++) ones += all[i]! < k ? 1 : 0;
        a += ones / N;
        b += (ones / N) ** 2;
      }
      stdError.push({ p: k / K, N, estimates: M, measured: Math.sqrt(Math.max(0, b - (a * a) / M) / (M - 1)), law: bernoulliStdError(k / K, N) });
    }
  }
  return { seed: o.seed, numbers: all.length, density, stdError };
}

export function routerStudy(o: { packetsPerPoint: number; seed: number; warmupCycles: number; depths?: number[] }): RouterStudy {
  const rows: RouterStudy['rows'] = [];
  for (const fifoDepth of o.depths ?? [2, 4, 8]) {
    // A short warm-up: at full load a point's packets are all created within packets / 16 cycles.
    const sweep = saturationSweep({ width: 4, height: 4, params: { ...DEFAULT_ROUTER_PARAMS, fifoDepth }, rates: SWEEP_RATES, packets: o.packetsPerPoint, seed: o.seed, warmupCycles: o.warmupCycles });
    for (const r of sweep) {
      rows.push({ fifoDepth, rate: r.rate, throughput: r.throughput, meanNetworkLatency: r.meanNetworkLatency, meanLatency: r.meanLatency, lost: r.lost, duplicated: r.duplicated });
    }
  }
  return { mesh: { width: 4, height: 4 }, packetsPerPoint: o.packetsPerPoint, warmupCycles: o.warmupCycles, seed: o.seed, rows };
}

export function crossbarStudy(o: { vectors: number; seed: number }): CrossbarStudy {
  const cfg = { rows: 256, cols: 256, gbits: 8, vectors: o.vectors, density: 0.25, seed: o.seed };
  const rows = mvmErrorTable({ ...cfg, timesS: MVM_ERROR_TIMES.map((t) => t.s) });
  return { ...cfg, points: rows.map((r, i) => ({ label: MVM_ERROR_TIMES[i]!.label, tS: r.tS, float: r.float, floatCompensated: r.floatCompensated, twin: r.twin, twinCompensated: r.twinCompensated })) };
}
