// The output folder of a sweep, and writing into it without half-written files.
//
//   OUT/spec.json          the spec as run (shards read this copy, not the original)
//   OUT/sweep.json         the points, their ids and shards (marks OUT as a sweep folder)
//   OUT/points/ID.json     one result per point, written when the point ends
//   OUT/configs/ID.json    --config files of the points that have one
//   OUT/logs/shard-K.log   local engine: what each shard process printed
//   OUT/slurm/             slurm engine: sbatch scripts, submissions, task logs
//   OUT/table.csv, table.json, pareto.csv   the merged tables
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../cli/cli.ts';
import type { PointResult } from './run-point.ts';
import { expandPoints, loadSpec, shardsOf, type Point, type SweepSpec } from './spec.ts';

export const MARKER = 'sweep.json';

/** Writes through a temporary file in the same folder and a rename: complete or absent. */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export interface Sweep {
  out: string;
  specFile: string;
  spec: SweepSpec;
  points: Point[];
  shards: Point[][];
}

/** The sweep in OUT (from its spec copy). */
export function openSweep(out: string, specFile = join(out, 'spec.json')): Sweep {
  const dir = resolve(out);
  const spec = loadSpec(specFile);
  const points = expandPoints(spec, specFile);
  return { out: dir, specFile, spec, points, shards: shardsOf(points, spec.shardSize) };
}

/**
 * Sets OUT up for a run of `specFile`. A fresh run replaces a previous
 * sweep's folder (never a folder that is not one); --resume keeps the point
 * results whose ids (index + parameter hash) are still in the spec.
 */
export function prepareOut(out: string, specFile: string, resume: boolean): Sweep {
  const dir = resolve(out);
  const spec = loadSpec(specFile);
  const points = expandPoints(spec, specFile);
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length && !entries.includes(MARKER)) throw new UsageError(`--out '${out}' exists and is not a sweep folder (no ${MARKER}): refusing to write into it`);
    if (!resume) {
      for (const e of ['points', 'configs', 'logs', 'slurm', 'table.csv', 'table.json', 'pareto.csv']) rmSync(join(dir, e), { recursive: true, force: true });
    }
  } else if (resume) {
    throw new UsageError(`--resume: '${out}' does not exist (nothing to resume)`);
  }
  mkdirSync(join(dir, 'points'), { recursive: true });
  const copy = join(dir, 'spec.json');
  if (resolve(specFile) !== copy) writeAtomic(copy, `${JSON.stringify(JSON.parse(readFileSync(specFile, 'utf8')), null, 2)}\n`);
  const shards = shardsOf(points, spec.shardSize);
  const index = { name: spec.name, shards: shards.length, points: points.map((p) => ({ id: p.id, shard: Math.floor(p.index / spec.shardSize) })) };
  writeAtomic(join(dir, MARKER), `${JSON.stringify(index, null, 2)}\n`);
  // Results of points no longer in the spec (edited between runs) would only confuse the tables.
  const ids = new Set(points.map((p) => p.id));
  for (const f of readdirSync(join(dir, 'points'))) if (!ids.has(f.replace(/\.json$/, ''))) rmSync(join(dir, 'points', f), { force: true });
  return { out: dir, specFile: copy, spec, points, shards };
}

export const pointFile = (out: string, id: string): string => join(out, 'points', `${id}.json`);

export function readPoint(out: string, id: string): PointResult | undefined {
  try {
    return JSON.parse(readFileSync(pointFile(out, id), 'utf8')) as PointResult;
  } catch {
    return undefined;
  }
}

/** Points with a result (status ok): the ones --resume does not run again. */
export function isDone(out: string, id: string): boolean {
  return readPoint(out, id)?.status === 'ok';
}
