// Runs one point in this process: the `emulate` or `cosim` command module,
// called as the CLI would call it (same options, same checks, same JSON), so
// a point gives what `npx neurotile emulate|cosim ... --json` gives and its
// failure is that command's one-line error. The metrics kept are picked out
// of that JSON; everything that varies between runs (seconds, paths) stays
// out of them.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext, CommandModule } from '../cli/cli.ts';
import { metricsFor, type Point, type SweepSpec } from './spec.ts';

export type MetricValue = number | boolean | null;

export interface PointResult {
  id: string;
  index: number;
  kind: Point['kind'];
  params: Point['params'];
  status: 'ok' | 'failed';
  /** The kept metrics (status ok). */
  metrics?: Record<string, MetricValue>;
  /** The command's one-line error (status failed), with the output folder written as `<out>`. */
  error?: string;
  /** The same run by hand. */
  command: string[];
  /** The command's whole JSON (status ok): kept in the point's file, not in the tables. */
  raw?: unknown;
}

/** Where each metric is in the command's JSON. */
const EMULATE_PATHS: Record<string, string[]> = {
  accuracy: ['metrics', 'accuracy'],
  ece: ['metrics', 'ece'],
  nll: ['metrics', 'nll'],
  brier: ['metrics', 'brier'],
  entropy: ['metrics', 'entropy'],
  abstainRate: ['metrics', 'abstainRate'],
  cycles: ['perInference', 'cycles'],
  latencyUs: ['perInference', 'latencyUs'],
  spikes: ['perInference', 'spikes'],
  synapticOps: ['perInference', 'synapticOps'],
  energyPj: ['energy', 'perInferencePj'],
  pjPerSynapticOp: ['energy', 'pjPerSynapticOp'],
};
const COSIM_PATHS: Record<string, string[]> = { passed: ['passed'], cycles: ['cycles'] };

function pick(json: unknown, path: string[]): MetricValue {
  let v: unknown = json;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return typeof v === 'number' || typeof v === 'boolean' ? v : null;
}

/** Sub-object of the flat params under `prefix.` (chip.adcBits -> { adcBits }). */
function section(params: Point['params'], prefix: string): Record<string, unknown> | undefined {
  const entries = Object.entries(params).filter(([k]) => k.startsWith(`${prefix}.`));
  return entries.length ? Object.fromEntries(entries.map(([k, v]) => [k.slice(prefix.length + 1), v])) : undefined;
}

/** Writes the point's --config file (kept under OUT/configs: the command line refers to it). */
function configFile(out: string, point: Point, value: Record<string, unknown> | undefined): string | undefined {
  if (!value) return undefined;
  const dir = join(out, 'configs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${point.id}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

/** Options and argv of the emulate command for a point. */
function emulateCall(spec: SweepSpec, point: Point, out: string): { opts: Record<string, unknown>; argv: string[] } {
  const p = point.params;
  const config = configFile(out, point, section(p, 'chip'));
  // As many worker threads as a Slurm task gets CPUs (the results do not depend on it).
  const workers = String(spec.slurm.cpusPerTask);
  const opts: Record<string, unknown> = { limit: String(spec.images.count), seed: String(p.seed), workers };
  const argv = ['emulate', '--limit', String(spec.images.count), '--seed', String(p.seed), '--workers', workers];
  const add = (key: string, flag: string, value: unknown) => {
    if (value === undefined) return;
    opts[key] = String(value);
    argv.push(flag, String(value));
  };
  add('config', '--config', config);
  add('network', '--network', p.network);
  add('timesteps', '--timesteps', p.timesteps);
  add('samples', '--samples', p.samples);
  add('tS', '--t-s', p.tS);
  if (p.driftCompensation === false) {
    opts.driftCompensation = false;
    argv.push('--no-drift-compensation');
  }
  return { opts, argv: [...argv, '--json'] };
}

function cosimCall(point: Point, out: string): { opts: Record<string, unknown>; argv: string[] } {
  const p = point.params;
  const config = configFile(out, point, section(p, 'config'));
  const opts: Record<string, unknown> = { target: String(p.target), sim: String(p.sim), runs: String(p.runs), seed: String(p.seed) };
  const argv = ['cosim', '--target', String(p.target), '--sim', String(p.sim), '--runs', String(p.runs), '--seed', String(p.seed)];
  if (config) {
    opts.config = config;
    argv.push('--config', config);
  }
  return { opts, argv: [...argv, '--json'] };
}

async function commandModule(kind: Point['kind']): Promise<CommandModule> {
  if (kind === 'cosim') return (await import('../cli/commands/cosim.ts')).cosim;
  // emulate is its own command module; looked up by name so that this file
  // does not depend on its exports beyond the CommandModule shape.
  const { COMMANDS } = await import('../cli/commands/index.ts');
  const mod = COMMANDS.find((c) => c.name === 'emulate');
  if (!mod) throw Object.assign(new Error('this neurotile has no emulate command yet: emulate points cannot run'), { name: 'BadInput' });
  return mod;
}

const BAD_INPUT = ['UsageError', 'OptionError', 'BadInput', 'ElaborationError', 'EmitError'];

/**
 * The option values a command's run() gets, as main.ts would hand them over:
 * for a command declared with defineCommand, each given text through its
 * option's parser (the same bounds checks) and the declared defaults for the
 * rest; for an older command module (options added with commander by hand),
 * the texts themselves.
 */
function optionValues(mod: CommandModule, given: Record<string, unknown>): Record<string, unknown> {
  if (!mod.options) return given;
  for (const k of Object.keys(given)) if (!(k in mod.options)) throw new Error(`'${mod.name}' has no option '${k}'`);
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(mod.options)) {
    const v = given[key];
    if (v === undefined) {
      if (spec.default !== undefined) out[key] = spec.default;
    } else out[key] = typeof v === 'string' && spec.parse ? spec.parse(v) : v;
  }
  return out;
}

/** Runs one point; never throws for a failure of the point itself (that is a `failed` result). */
export async function runPoint(spec: SweepSpec, point: Point, out: string, progress: (line: string) => void): Promise<PointResult> {
  const head = { id: point.id, index: point.index, kind: point.kind, params: point.params };
  let call: { opts: Record<string, unknown>; argv: string[] };
  try {
    call = point.kind === 'emulate' ? emulateCall(spec, point, out) : cosimCall(point, out);
  } catch (err) {
    return { ...head, status: 'failed', error: (err as Error).message.split(out).join('<out>'), command: [] };
  }
  const command = ['npx', 'neurotile', ...call.argv];
  const ctx: CommandContext = { json: true, root: process.cwd(), generator: 'neurotile sweep', progress: (line) => progress(`  ${point.id}: ${line}`) };
  try {
    const mod = await commandModule(point.kind);
    const r = await mod.run(optionValues(mod, call.opts), ctx);
    const paths = point.kind === 'emulate' ? EMULATE_PATHS : COSIM_PATHS;
    const metrics = Object.fromEntries(metricsFor(spec, point.kind).map((m) => [m, pick(r.json, paths[m]!)]));
    return { ...head, status: 'ok', metrics, command, raw: r.json };
  } catch (err) {
    const e = err as Error;
    const kind = BAD_INPUT.includes(e?.name) ? '' : 'internal error: ';
    const message = `${kind}${e?.message ?? String(err)}`.replace(/\s*\n\s*/g, ' ').trim();
    return { ...head, status: 'failed', error: message.split(out).join('<out>'), command };
  }
}
