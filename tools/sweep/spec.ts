// The sweep spec: which points to run (a grid, a list, or both), on which
// images, which metrics to keep, how many points per shard, and what each
// Slurm task asks for. Validated with zod; an error names the file and the
// field (`spec.json: grid.adcBits[1]: expected a number`).
//
// A point is one run of one kind:
//   emulate: one chip configuration on the images (`neurotile emulate`),
//   cosim:   one co-simulation regression (`neurotile cosim`), e.g. one seed.
// Points come out in a fixed order (grid first, in the order its keys are
// written, the last key varying fastest; then the list), each with an id made
// of its index and a hash of its parameters, so results found on disk can be
// matched to the spec that asked for them (--resume).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../cli/cli.ts';

const scalar = z.union([z.number(), z.string(), z.boolean()]);

/** Parameters of an `emulate` point; `chip` is the emulator's --config object (it checks the names). */
const emulateFields = {
  network: z.string().min(1).optional(),
  timesteps: z.number().int().min(1).optional(),
  samples: z.number().int().min(1).optional(),
  tS: z.number().min(0).optional(),
  driftCompensation: z.boolean().optional(),
  seed: z.number().int().min(0).optional(),
  chip: z.record(z.string(), scalar).optional(),
};

/** Parameters of a `cosim` point; `config` is the target's --config object. */
const cosimFields = {
  target: z.string().min(1).optional(),
  sim: z.enum(['verilator', 'icarus', 'dsl']).optional(),
  seed: z.number().int().min(0).optional(),
  runs: z.number().int().min(1).optional(),
  config: z.record(z.string(), scalar).optional(),
};

export const KINDS = ['emulate', 'cosim'] as const;
export type Kind = (typeof KINDS)[number];

/** Fields a grid may vary: a point field, or `chip.NAME` / `config.NAME`. */
const gridKey = z.string().regex(/^(network|timesteps|samples|tS|driftCompensation|seed|target|sim|runs|(chip|config)\.[A-Za-z_][A-Za-z0-9_]*)$/, {
  message: 'not a point field (network, timesteps, samples, tS, driftCompensation, seed, target, sim, runs, chip.NAME, config.NAME)',
});

const partialPoint = z.strictObject({ kind: z.enum(KINDS).optional(), ...emulateFields, ...cosimFields });

export const EMULATE_METRICS = ['accuracy', 'ece', 'nll', 'brier', 'entropy', 'abstainRate', 'cycles', 'latencyUs', 'spikes', 'synapticOps', 'energyPj', 'pjPerSynapticOp'] as const;
export const COSIM_METRICS = ['passed', 'cycles'] as const;

export const specSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'letters, digits, . _ - only' }).default('sweep'),
  /** Defaults of every point. */
  base: partialPoint.default({}),
  /** Cartesian product of these values (over `base`). */
  grid: z.record(gridKey, z.array(scalar).min(1)).optional(),
  /** Points listed one by one (over `base`), after the grid's. */
  points: z.array(partialPoint).optional(),
  images: z.strictObject({ count: z.number().int().min(1), seed: z.number().int().min(0).default(1) }).default({ count: 200, seed: 1 }),
  /** Metrics to keep in the tables (default: all of the point's kind). */
  metrics: z.array(z.enum([...new Set([...EMULATE_METRICS, ...COSIM_METRICS])] as [string, ...string[]])).min(1).optional(),
  /** Points per shard (one shard = one Slurm array task = one process). */
  shardSize: z.number().int().min(1).default(1),
  slurm: z
    .strictObject({
      partition: z.string().min(1).optional(),
      account: z.string().min(1).optional(),
      qos: z.string().min(1).optional(),
      /** Per task, Slurm's format: minutes, MM:SS, HH:MM:SS, D-HH:MM:SS. */
      time: z.string().regex(/^(\d+-)?\d+(:\d{2}){0,2}$/, { message: 'Slurm time: MIN, HH:MM:SS or D-HH:MM:SS' }).default('00:30:00'),
      cpusPerTask: z.number().int().min(1).default(1),
      /** Per task, Slurm's format (e.g. 2G, 500M). */
      mem: z.string().regex(/^\d+[KMGT]?$/, { message: 'Slurm memory: a number with K, M, G or T' }).default('1G'),
      /** At most this many tasks at once (sbatch --array=...%N). */
      maxParallel: z.number().int().min(1).optional(),
      /** More sbatch options, one argument each (e.g. ["--constraint=avx2"]). */
      extraArgs: z.array(z.string().startsWith('--')).default([]),
    })
    .default({ time: '00:30:00', cpusPerTask: 1, mem: '1G', extraArgs: [] }),
});

export type SweepSpec = z.infer<typeof specSchema>;
type Scalar = z.infer<typeof scalar>;

export interface Point {
  /** `p0003-1a2b3c4d`: index and hash of the parameters. */
  id: string;
  index: number;
  kind: Kind;
  /** The point's parameters, flat (`chip.adcBits`), the keys sorted: what the tables show. */
  params: Record<string, Scalar>;
}

/** `grid.adcBits[1]`-style path of a zod issue. */
function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(top level)';
}

export function parseSpec(value: unknown, source: string): SweepSpec {
  const r = specSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const keys = issue.code === 'unrecognized_keys' ? ` '${issue.keys.join("', '")}'` : '';
    // A bad grid key: zod nests the key's own issue (the message that says why).
    const message = issue.code === 'invalid_key' && issue.issues[0] ? issue.issues[0].message : issue.message;
    throw new UsageError(`${source}: ${pathOf(issue.path)}: ${message}${keys}`);
  }
  const spec = r.data;
  if (!spec.grid && !spec.points) throw new UsageError(`${source}: no points: give 'grid' or 'points'`);
  return spec;
}

export function loadSpec(file: string): SweepSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the spec '${file}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not JSON: ${(err as Error).message}`);
  }
  return parseSpec(value, file);
}

/** Flattens a partial point into `field` / `chip.NAME` / `config.NAME` keys. */
function flatten(p: Record<string, unknown>): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined) continue;
    if ((k === 'chip' || k === 'config') && typeof v === 'object' && v !== null) {
      for (const [n, x] of Object.entries(v)) out[`${k}.${n}`] = x as Scalar;
    } else out[k] = v as Scalar;
  }
  return out;
}

function sortedKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]!]));
}

const EMULATE_KEYS = new Set(['network', 'timesteps', 'samples', 'tS', 'driftCompensation', 'seed']);
const COSIM_KEYS = new Set(['target', 'sim', 'seed', 'runs']);

/** Every point of the spec, in order, with its id. Fields that do not belong to a point's kind are bad input. */
export function expandPoints(spec: SweepSpec, source = 'spec'): Point[] {
  const base = flatten(spec.base);
  const combos: Record<string, Scalar>[] = [];
  if (spec.grid) {
    const keys = Object.keys(spec.grid);
    let acc: Record<string, Scalar>[] = [{}];
    for (const k of keys) acc = acc.flatMap((c) => spec.grid![k]!.map((v) => ({ ...c, [k]: v })));
    combos.push(...acc);
  }
  for (const p of spec.points ?? []) combos.push(flatten(p));
  return combos.map((c, index) => {
    const flat = { ...base, ...c };
    const kind = (flat.kind ?? 'emulate') as Kind;
    if (!(KINDS as readonly string[]).includes(String(kind))) throw new UsageError(`${source}: point ${index}: kind must be one of ${KINDS.join(', ')}, got '${String(kind)}'`);
    delete flat.kind;
    const allowed = kind === 'emulate' ? EMULATE_KEYS : COSIM_KEYS;
    const prefix = kind === 'emulate' ? 'chip.' : 'config.';
    for (const k of Object.keys(flat)) {
      if (!allowed.has(k) && !k.startsWith(prefix)) throw new UsageError(`${source}: point ${index}: '${k}' is not a parameter of a ${kind} point`);
    }
    if (kind === 'emulate') flat.seed ??= spec.images.seed;
    if (kind === 'cosim') {
      if (flat.target === undefined) throw new UsageError(`${source}: point ${index}: a cosim point needs 'target'`);
      flat.sim ??= 'dsl';
      flat.seed ??= 1;
      flat.runs ??= 50;
    }
    const params = sortedKeys(flat);
    const hash = createHash('sha256').update(JSON.stringify({ kind, params, images: kind === 'emulate' ? spec.images : null })).digest('hex').slice(0, 8);
    return { id: `p${String(index).padStart(4, '0')}-${hash}`, index, kind, params };
  });
}

/** Shard k holds points [k * shardSize, (k + 1) * shardSize). */
export function shardsOf(points: readonly Point[], shardSize: number): Point[][] {
  const shards: Point[][] = [];
  for (let i = 0; i < points.length; i += shardSize) shards.push(points.slice(i, i + shardSize));
  return shards;
}

/** The metrics a point of this kind keeps. */
export function metricsFor(spec: SweepSpec, kind: Kind): string[] {
  const all: readonly string[] = kind === 'emulate' ? EMULATE_METRICS : COSIM_METRICS;
  if (!spec.metrics) return [...all];
  const keep = spec.metrics.filter((m) => all.includes(m));
  // The Pareto front needs these three, whatever the spec keeps.
  if (kind === 'emulate') for (const m of ['accuracy', 'energyPj', 'latencyUs']) if (!keep.includes(m)) keep.push(m);
  return all.filter((m) => keep.includes(m));
}
