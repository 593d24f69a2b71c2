// What a report is built from, and how saved JSON files are recognised and
// checked: `neurotile emulate --json`, `neurotile sample --json`,
// `neurotile bench --json` and a previous `neurotile report --json` (whose
// `data` holds every study). Only the fields the report reads are checked;
// the rest passes through untouched.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../cli/cli.ts';
import type { CrossbarStudy, RouterStudy, SamplerLaw } from './studies.ts';

const num = z.number();
const bin = z.object({ lo: num, hi: num, count: num, confidence: num.nullable(), accuracy: num.nullable() }).passthrough();

export const emulateSchema = z
  .object({
    command: z.literal('emulate'),
    version: z.string().optional(),
    config: z
      .object({
        chip: z.object({ width: num, height: num, tile: z.object({ rows: num, cols: num, adcBits: num, adcShare: num, gbits: num }).passthrough() }).passthrough(),
        clockHz: num,
        network: z.object({ file: z.string(), sha256: z.string(), openSet: z.boolean() }).passthrough(),
        timesteps: num,
        samples: num,
        tS: num,
        driftCompensation: z.boolean(),
        seed: num,
      })
      .passthrough(),
    images: num,
    seconds: num,
    imagesPerSecond: num,
    metrics: z.object({ accuracy: num, ece: num, nll: num, brier: num, entropy: num, abstainRate: num, reliability: z.array(bin) }).passthrough(),
    float: z.object({ accuracy: num, ece: num.nullable().optional(), nll: num.nullable().optional() }).passthrough().nullable(),
    ood: z
      .object({
        aurocMaxProb: num,
        aurocEntropy: num,
        floatAurocMaxProb: num.nullable().optional(),
        scores: z.object({
          id: z.object({ maxProb: z.array(num), entropy: z.array(num) }),
          ood: z.object({ maxProb: z.array(num), entropy: z.array(num) }),
        }),
      })
      .passthrough()
      .nullable(),
    perInference: z.object({ cycles: num, latencyUs: num, spikes: num, synapticOps: num }).passthrough(),
    energy: z
      .object({
        perInferencePj: num,
        byComponentPj: z.record(z.string(), num),
        staticPj: num,
        pjPerSynapticOp: num,
        publishedChips: z.array(z.object({ name: z.string(), node: z.string(), pjPerSop: num.nullable().optional(), source: z.string() }).passthrough()),
      })
      .passthrough(),
  })
  .passthrough();
export type EmulateResult = z.infer<typeof emulateSchema>;

export const sampleSchema = z
  .object({
    config: z.object({ lanes: num, tS: num, seed: num }).passthrough(),
    entropy: z.boolean(),
    bits: z.object({ collected: num, density: num, sigma: num, zScore: num }).passthrough(),
    bernoulli: z.object({ p: num, k: num, samples: num, density: num, stdError: num, withinThreeSigma: z.boolean() }).passthrough().optional(),
    nist: z.object({ passed: z.boolean() }).passthrough().optional(),
    energy: z.object({ totalFj: num }).passthrough().optional(),
    passed: z.boolean(),
  })
  .passthrough();
export type SampleResult = z.infer<typeof sampleSchema>;

export const benchSchema = z
  .object({
    machine: z.object({ cpus: num, node: z.string() }).passthrough(),
    // cycles per second: the median over the bench's repetitions, with its spread.
    throughput: z.array(z.object({ design: z.string(), backend: z.string(), cyclesPerSecond: z.object({ median: num, min: num, max: num }).passthrough() }).passthrough()),
    ratios: z.array(z.object({ design: z.string() }).passthrough()),
  })
  .passthrough();
export type BenchResult = z.infer<typeof benchSchema>;

/** Everything one report shows; each part may be missing (then its charts say so). */
export interface ReportData {
  emulate: EmulateResult[];
  sample: SampleResult[];
  samplerLaw: SamplerLaw | null;
  router: RouterStudy | null;
  crossbar: CrossbarStudy | null;
  bench: BenchResult | null;
}

export function emptyData(): ReportData {
  return { emulate: [], sample: [], samplerLaw: null, router: null, crossbar: null, bench: null };
}

function issue(file: string, err: z.ZodError): string {
  const first = err.issues[0]!;
  return `${file}: field '${first.path.join('.') || '(top)'}': ${first.message}`;
}

/** Which command wrote this object: emulate, sample, bench, or a report. */
export function kindOf(obj: Record<string, unknown>): 'emulate' | 'sample' | 'bench' | 'report' | null {
  if (obj.command === 'emulate') return 'emulate';
  if (obj.command === 'report') return 'report';
  if ('throughput' in obj && 'ratios' in obj) return 'bench';
  if ('calibration' in obj && 'bits' in obj) return 'sample';
  return null;
}

/** Reads saved results into `into` (bad input: a missing, unreadable or unrecognised file, or a wrong field). */
export function readResultsFile(file: string, into: ReportData): void {
  let obj: unknown;
  try {
    obj = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`--from ${file}: ${e.code === 'ENOENT' ? 'no such file' : e instanceof SyntaxError ? `not JSON (${e.message})` : e.message}`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new UsageError(`--from ${file}: not a JSON object`);
  const kind = kindOf(obj as Record<string, unknown>);
  const check = <T>(schema: z.ZodType<T>, value: unknown, where = file): T => {
    const r = schema.safeParse(value);
    if (!r.success) throw new UsageError(`--from ${issue(where, r.error)}`);
    return r.data;
  };
  switch (kind) {
    case 'emulate':
      into.emulate.push(check(emulateSchema, obj));
      return;
    case 'sample':
      into.sample.push(check(sampleSchema, obj));
      return;
    case 'bench':
      into.bench = check(benchSchema, obj);
      return;
    case 'report': {
      const data = (obj as { data?: Partial<ReportData> }).data;
      if (typeof data !== 'object' || data === null) throw new UsageError(`--from ${file}: field 'data': a report's JSON must carry its data`);
      for (const e of data.emulate ?? []) into.emulate.push(check(emulateSchema, e, `${file} (data.emulate)`));
      for (const s of data.sample ?? []) into.sample.push(check(sampleSchema, s, `${file} (data.sample)`));
      if (data.bench) into.bench = check(benchSchema, data.bench, `${file} (data.bench)`);
      into.samplerLaw = data.samplerLaw ?? into.samplerLaw;
      into.router = data.router ?? into.router;
      into.crossbar = data.crossbar ?? into.crossbar;
      return;
    }
    default:
      throw new UsageError(`--from ${file}: not the JSON of emulate, sample, bench or report (no 'command', 'throughput' or 'calibration' field)`);
  }
}
