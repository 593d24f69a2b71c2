// `neurotile sample`: the LFSR-free sampler on the emulator. Programs the
// entropy macro for time t (twin read-noise seed S, noise scaled by X), lets
// the calibration converge, collects N unbiased bits with every lane's
// numbers taken as they come, and reports the Bernoulli density of p with
// its standard error, the lanes' cross-correlation, the NIST SP 800-22
// tests, and the cost per bit. With no entropy coming (read noise off) it
// says so and writes nothing: the sampler never invents bits.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  bernoulliStdError,
  collectBits,
  density,
  energyPerBit,
  entropyProgram,
  loadProgram,
  nistTests,
  runUntilConverged,
  SamplerCore,
  samplerParams,
  scc,
  windowSize,
  type BitEnergy,
  type NistResult,
  type SamplerParams,
} from '../emulator/sampler/index.ts';
import { UsageError } from './cli/cli.ts';

export interface SampleOptions {
  p: number;
  n: number;
  lanes: number;
  tS: number;
  seed: number;
  readNoise: number;
  raw?: string;
}

export const SAMPLE_DEFAULTS = { p: 0.5, n: 100_000, lanes: 16, tS: 0, seed: 1, readNoise: 1 } as const;
export const SAMPLE_MAX_BITS = 100_000_000;

function num(flag: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  const x = typeof v === 'number' ? v : String(v).trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(x)) throw new UsageError(`${flag}: expected a number, got '${String(v)}'`);
  return x;
}

function whole(flag: string, v: unknown, fallback: number, lo: number, hi: number): number {
  const x = num(flag, v, fallback);
  if (!Number.isInteger(x) || x < lo || x > hi) throw new UsageError(`${flag}: must be a whole number from ${lo} to ${hi}, got ${String(v)}`);
  return x;
}

/** Validates the raw option values (strings from the command line). */
export function parseSampleOptions(raw: Record<string, unknown>): SampleOptions {
  const p = num('--p', raw.p, SAMPLE_DEFAULTS.p);
  if (!(p > 0 && p < 1)) throw new UsageError(`--p: must be a probability strictly between 0 and 1, got ${String(raw.p)}`);
  const tS = num('--t-s', raw.tS, SAMPLE_DEFAULTS.tS);
  if (tS < 0) throw new UsageError(`--t-s: must be >= 0 s (time since programming), got ${String(raw.tS)}`);
  const readNoise = num('--read-noise', raw.readNoise, SAMPLE_DEFAULTS.readNoise);
  if (readNoise < 0 || readNoise > 100) throw new UsageError(`--read-noise: must be from 0 (off) to 100 (x the device law), got ${String(raw.readNoise)}`);
  const raw_ = raw.raw === undefined ? undefined : String(raw.raw);
  if (raw_ !== undefined) checkRawTarget(raw_);
  return {
    p,
    n: whole('--n', raw.n, SAMPLE_DEFAULTS.n, 1, SAMPLE_MAX_BITS),
    lanes: whole('--lanes', raw.lanes, SAMPLE_DEFAULTS.lanes, 1, 32),
    tS,
    seed: whole('--seed', raw.seed, SAMPLE_DEFAULTS.seed, 0, 0xffffffff),
    readNoise,
    raw: raw_,
  };
}

function checkRawTarget(path: string): void {
  const dir = dirname(resolve(path));
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new UsageError(`--raw: directory '${dir}' does not exist`);
  }
  if (!st.isDirectory()) throw new UsageError(`--raw: '${dir}' is not a directory`);
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`--raw: '${path}' is a directory`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
  }
}

/** Writes `bits` packed msb first into `path` through a temporary file and a rename: never half-written. */
export function writeRawBits(path: string, bits: Uint8Array): number {
  const bytes = Buffer.alloc(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i]) bytes[i >> 3]! |= 0x80 >> (i & 7);
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  try {
    const fd = openSync(tmp, 'w', 0o644);
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UsageError(`--raw: cannot write '${path}': ${(err as Error).message}`);
  }
  return bytes.length;
}

export interface SampleReport {
  config: SamplerParams & { tS: number; seed: number; readNoise: number; shift: number };
  entropy: boolean;
  message?: string;
  calibration: { converged: boolean; cycles: number; reads: number; thresholds: number[] };
  bits: { requested: number; collected: number; ones: number; density: number; sigma: number; zScore: number };
  bernoulli?: { p: number; k: number; samples: number; density: number; stdError: number; zScore: number; withinThreeSigma: boolean; sccLanes01?: number; sccWorstNeighbours?: number };
  nist?: { alpha: number; passed: boolean; tests: NistResult[] };
  cost: {
    cycles: number;
    reads: number;
    deviceReads: number;
    rawBits: number;
    readsPerBit: number;
    rawBitsPerBit: number;
    deviceReadsPerBit: number;
    cyclesPerBit: number;
    cyclesPerBitPerLane: number;
    bitsPerCyclePerLane: number;
  };
  energy?: BitEnergy;
  raw?: { file: string; bytes: number };
  passed: boolean;
}

export function runSample(o: SampleOptions, progress: (line: string) => void = () => {}): SampleReport {
  const p = samplerParams({ lanes: o.lanes });
  const K = p.numberBits;
  const k = Math.min(2 ** K - 1, Math.max(1, Math.round(o.p * 2 ** K)));
  const core = new SamplerCore(p);
  const prog = entropyProgram(p, { tS: o.tS, seed: o.seed, readNoise: o.readNoise });
  loadProgram(core, prog);
  const config = { ...p, tS: o.tS, seed: o.seed, readNoise: o.readNoise, shift: prog.shift };

  // Calibration first (bounded: with no noise it never settles).
  const windowCycles = windowSize(p) * (p.rows + 4);
  progress(`sample: calibrating (${p.lanes} lanes, t = ${o.tS} s, seed ${o.seed}, read noise x${o.readNoise})`);
  const cal = runUntilConverged(core, 200 * windowCycles);
  const calibration = { ...cal, thresholds: Array.from(core.threshold) };

  // The bits, and every lane's numbers as Bernoulli samples of p.
  progress(`sample: collecting ${o.n} unbiased bits`);
  const perLane: number[][] = Array.from({ length: p.lanes }, () => []);
  const maxReads = Math.max(50 * windowSize(p), Math.ceil((64 * o.n) / p.lanes));
  const run = collectBits(core, o.n, maxReads, (lane, v) => perLane[lane]!.push(v < k ? 1 : 0));
  const stream = run.stream.subarray(0, run.collected);
  const ones = stream.reduce((a, b) => a + b, 0);
  const bitStats = {
    requested: o.n,
    collected: run.collected,
    ones,
    density: run.collected ? ones / run.collected : 0,
    sigma: run.collected ? bernoulliStdError(0.5, run.collected) : 0,
    zScore: run.collected ? (ones / run.collected - 0.5) / bernoulliStdError(0.5, run.collected) : 0,
  };
  const per = (x: number) => (run.bits ? x / run.bits : Infinity);
  const cost = {
    cycles: run.cycles,
    reads: run.reads,
    deviceReads: run.deviceReads,
    rawBits: run.rawBits,
    readsPerBit: per(run.reads),
    rawBitsPerBit: per(run.rawBits),
    deviceReadsPerBit: per(run.deviceReads),
    cyclesPerBit: per(run.cycles),
    cyclesPerBitPerLane: per(run.cycles * p.lanes),
    bitsPerCyclePerLane: run.bits / run.cycles / p.lanes,
  };
  if (run.collected === 0) {
    return {
      config,
      entropy: false,
      message:
        o.readNoise === 0
          ? `no entropy: the read noise is off (--read-noise 0), and ${run.reads} reads gave 0 unbiased bits; the sampler does not invent bits`
          : `no entropy: ${run.reads} reads gave 0 unbiased bits (the devices' reads do not vary)`,
      calibration,
      bits: bitStats,
      cost,
      passed: false,
    };
  }
  const samples = perLane.reduce((a, l) => a + l.length, 0);
  const bernDensity = perLane.reduce((a, l) => a + l.reduce((x, y) => x + y, 0), 0) / samples;
  const q = k / 2 ** K;
  const se = bernoulliStdError(q, samples);
  const pairs = perLane.slice(0, -1).map((l, i) => [l, perLane[i + 1]!] as const).filter(([x, y]) => Math.min(x.length, y.length) > 0);
  const bernoulli = {
    p: q,
    k,
    samples,
    density: bernDensity,
    stdError: se,
    zScore: (bernDensity - q) / se,
    withinThreeSigma: Math.abs(bernDensity - q) <= 3 * se,
    ...(pairs.length ? { sccLanes01: scc(pairs[0]![0], pairs[0]![1]), sccWorstNeighbours: Math.max(...pairs.map(([x, y]) => Math.abs(scc(x, y)))) } : {}),
  };
  const nist = stream.length >= 100 ? { alpha: 0.01, tests: nistTests(stream), passed: false } : undefined;
  if (nist) nist.passed = nist.tests.every((t) => t.passed);
  const meanLevel = (prog.plus.reduce((a, b) => a + b, 0) + prog.minus.reduce((a, b) => a + b, 0)) / (2 * prog.plus.length);
  const energy = energyPerBit({ deviceReads: run.deviceReads, conversions: run.rawBits, bits: run.bits }, meanLevel, p.gbits, p.adcBits, K);
  const complete = run.collected === o.n;
  const report: SampleReport = {
    config,
    entropy: true,
    ...(complete ? {} : { message: `only ${run.collected} of ${o.n} bits came out within ${maxReads} reads` }),
    calibration,
    bits: bitStats,
    bernoulli,
    nist,
    cost,
    energy,
    passed: complete && (nist?.passed ?? true),
  };
  if (o.raw !== undefined && complete) report.raw = { file: resolve(o.raw), bytes: writeRawBits(o.raw, stream) };
  return report;
}

const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

export function formatSample(r: SampleReport): string {
  const c = r.config;
  const lines = [
    `LFSR-free sampler (emulator): ${c.lanes} lanes, ${c.rows} x ${c.lanes} entropy macro, ${c.gbits}-bit levels, ${c.adcBits}-bit ADC (shift ${c.shift}), t = ${c.tS} s, twin seed ${c.seed}, read noise x${c.readNoise}`,
    `calibration: ${r.calibration.converged ? 'converged' : 'NOT converged'} after ${r.calibration.reads} reads (${r.calibration.cycles} cycles); thresholds ${r.calibration.thresholds.join(' ')}`,
  ];
  if (!r.entropy) return [...lines, r.message!].join('\n');
  const b = r.bits;
  lines.push(`unbiased bits: ${b.collected} of ${b.requested}, ones ${f(b.density)} (z = ${f(b.zScore, 2)}, sigma ${f(b.sigma, 5)})`);
  if (r.message) lines.push(r.message);
  if (r.bernoulli) {
    const x = r.bernoulli;
    lines.push(
      `Bernoulli p = ${x.k}/256 = ${f(x.p)}: density ${f(x.density)} over ${x.samples} numbers, standard error ${f(x.stdError, 5)} (z = ${f(x.zScore, 2)}, ${x.withinThreeSigma ? 'within' : 'OUTSIDE'} 3 sigma)`,
    );
    if (x.sccLanes01 !== undefined) lines.push(`SCC lanes 0/1 ${f(x.sccLanes01)}, worst neighbouring lanes ${f(x.sccWorstNeighbours!)}`);
  }
  if (r.nist) {
    lines.push(`NIST SP 800-22 at alpha = 0.01: ${r.nist.passed ? 'pass' : 'FAIL'}`);
    for (const t of r.nist.tests) lines.push(`  ${t.test.padEnd(16)} P = ${t.pValues.map((v) => f(v)).join(', ')}${t.passed ? '' : '  FAIL'}${t.note ? ` (${t.note})` : ''}`);
  }
  const k = r.cost;
  lines.push(
    `cost: ${k.reads} macro reads, ${k.rawBits} raw bits, ${k.cycles} cycles -> per bit ${f(k.readsPerBit)} reads, ${f(k.rawBitsPerBit, 2)} raw bits, ${f(k.deviceReadsPerBit, 2)} device reads, ${f(k.cyclesPerBit, 3)} cycles (${f(k.cyclesPerBitPerLane, 1)} per lane; ${f(k.bitsPerCyclePerLane)} bits/cycle/lane)`,
  );
  if (r.energy) {
    const e = r.energy;
    lines.push(`energy per bit: ${f(e.totalFj, 1)} fJ (devices ${f(e.deviceFj, 1)}, ADC ${f(e.adcFj, 1)}; ${f(e.totalMedianAdcFj, 0)} fJ with a survey-median ADC) vs ${e.cmosRngFj} fJ per CMOS RNG sample`);
  }
  if (r.raw) lines.push(`raw bits: ${r.raw.bytes} bytes (msb first) -> ${r.raw.file}`);
  return lines.join('\n');
}
