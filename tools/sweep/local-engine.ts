// The local engine: the shards run as child processes on this machine's
// cores, each the very command a Slurm task runs
// (`neurotile sweep --spec OUT/spec.json --shard K --out OUT`), at most
// `workers` at a time; each one's output goes to OUT/logs/shard-K.log.
// Children run in their own process group and are killed on an interrupt or
// when this process exits (tools/spawn.ts).
import { availableParallelism } from 'node:os';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runTool } from '../spawn.ts';
import { isDone, writeAtomic, type Sweep } from './layout.ts';

export interface ShardRun {
  shard: number;
  exitCode: number | null;
  signal: string | null;
  log: string;
}

export interface LocalRun {
  shardsRun: number[];
  failed: ShardRun[];
  seconds: number;
}

export function shardCommand(root: string, sweep: Sweep, shard: number): string[] {
  return [join(root, 'bin', 'neurotile.mjs'), 'sweep', '--spec', sweep.specFile, '--shard', String(shard), '--out', sweep.out];
}

/** Shards with at least one point without a result. */
export function pendingShards(sweep: Sweep): number[] {
  return sweep.shards.map((pts, k) => (pts.some((p) => !isDone(sweep.out, p.id)) ? k : -1)).filter((k) => k >= 0);
}

export async function runLocal(sweep: Sweep, root: string, workers: number | undefined, progress: (line: string) => void): Promise<LocalRun> {
  const start = performance.now();
  const todo = pendingShards(sweep);
  const logs = join(sweep.out, 'logs');
  mkdirSync(logs, { recursive: true });
  const width = Math.max(1, Math.min(workers ?? availableParallelism(), todo.length || 1));
  const failed: ShardRun[] = [];
  let next = 0;
  let finished = 0;
  const donePoints = () => readdirSync(join(sweep.out, 'points')).filter((f) => f.endsWith('.json')).length;
  const report = () => progress(`sweep ${sweep.spec.name}: ${finished}/${todo.length} shards, ${donePoints()}/${sweep.points.length} points with a result, ${failed.length} shard(s) failed`);
  progress(`sweep ${sweep.spec.name}: ${sweep.points.length} points, ${todo.length} shard(s) to run, ${width} at a time`);
  const worker = async () => {
    while (next < todo.length) {
      const shard = todo[next++]!;
      const log = join(logs, `shard-${shard}.log`);
      const r = await runTool(process.execPath, shardCommand(root, sweep, shard), { cwd: process.cwd() });
      writeAtomic(log, `$ neurotile ${shardCommand(root, sweep, shard).slice(1).join(' ')}\n${r.stderr}${r.stdout}exit ${r.code ?? r.signal}\n`);
      finished++;
      if (r.code !== 0) failed.push({ shard, exitCode: r.code, signal: r.signal, log });
      report();
    }
  };
  // Between shard ends, a line whenever another point has its result.
  let seen = donePoints();
  const ticker = setInterval(() => {
    const now = donePoints();
    if (now !== seen) report();
    seen = now;
  }, 2000);
  try {
    await Promise.all(Array.from({ length: width }, worker));
  } finally {
    clearInterval(ticker);
  }
  return { shardsRun: todo, failed, seconds: (performance.now() - start) / 1000 };
}
