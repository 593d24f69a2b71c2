// One shard: the points of shard K, one after the other, in this process.
// This is what a Slurm array task or a local worker runs
// (`neurotile sweep --spec OUT/spec.json --shard K --out OUT`). A point that
// already has a result is skipped (a retried or resumed shard never redoes
// work); each result is written to its own file the moment the point ends,
// so a task killed half-way keeps the points it finished.
import { UsageError } from '../cli/cli.ts';
import { isDone, openSweep, pointFile, writeAtomic } from './layout.ts';
import { runPoint } from './run-point.ts';

export interface ShardSummary {
  shard: number;
  points: number;
  ran: number;
  skipped: number;
  failed: string[];
}

export async function runShard(out: string, specFile: string, shard: number, progress: (line: string) => void): Promise<ShardSummary> {
  const sweep = openSweep(out, specFile);
  if (shard >= sweep.shards.length) throw new UsageError(`--shard ${shard}: the spec has ${sweep.shards.length} shard(s) (0 to ${sweep.shards.length - 1})`);
  const points = sweep.shards[shard]!;
  const summary: ShardSummary = { shard, points: points.length, ran: 0, skipped: 0, failed: [] };
  for (const point of points) {
    if (isDone(sweep.out, point.id)) {
      summary.skipped++;
      progress(`shard ${shard}: ${point.id} has a result, skipped`);
      continue;
    }
    progress(`shard ${shard}: ${point.id} ${point.kind} ${JSON.stringify(point.params)}`);
    const result = await runPoint(sweep.spec, point, sweep.out, progress);
    summary.ran++;
    writeAtomic(pointFile(sweep.out, point.id), `${JSON.stringify(result, null, 2)}\n`);
    if (result.status === 'failed') {
      summary.failed.push(point.id);
      progress(`shard ${shard}: ${point.id} FAILED: ${result.error}`);
    } else {
      progress(`shard ${shard}: ${point.id} ok ${JSON.stringify(result.metrics)}`);
    }
  }
  return summary;
}
