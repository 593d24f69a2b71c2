// `neurotile sweep`: many points (chip configurations x the images, or
// cosim regressions x seeds) split into shards that run on this machine's
// cores (--engine local, the default) or as a Slurm job array
// (--engine slurm); the merged tables (CSV, JSON) and the Pareto front of
// accuracy against energy per inference. docs/sweeps.md.
//
// --shard K and --merge are what the workers and the Slurm jobs run.
import type { Command } from 'commander';
import type { CommandModule, CommandResult } from '../cli.ts';

interface SweepOptions {
  spec?: string;
  engine: string;
  out?: string;
  resume?: boolean;
  wait?: boolean;
  workers?: string;
  poll: string;
  shard?: string;
  merge?: boolean;
}

export const sweep: CommandModule = {
  name: 'sweep',
  summary: 'design-space sweep: points in shards on local cores or a Slurm job array, tables and Pareto front',
  configure(cmd: Command) {
    cmd
      .option('--spec <file>', 'sweep spec (JSON; default: OUT/spec.json with --resume, else a small built-in cosim sweep)')
      .option('--engine <engine>', 'local (this machine\'s cores) or slurm (sbatch job array)', 'local')
      .option('--out <dir>', 'output folder (default: build/sweep/<spec name>)')
      .option('--resume', 'keep the points that have a result; run (or submit) only the others')
      .option('--wait', 'slurm: follow the jobs until they end, then report')
      .option('--workers <n>', 'local: shards at a time (default: the number of cores)')
      .option('--poll <seconds>', 'slurm --wait: seconds between squeue calls', '5')
      .option('--shard <k>', 'run shard K of the spec in OUT (what a worker or a Slurm task runs)')
      .option('--merge', 'write the tables of OUT from its point results (what the merge job runs)');
  },
  async run(raw, ctx): Promise<CommandResult> {
    const opts = raw as unknown as SweepOptions;
    const { UsageError } = await import('../cli.ts');
    const { join, resolve } = await import('node:path');
    const layout = await import('../../sweep/layout.ts');
    const { writeTables, paretoText } = await import('../../sweep/table.ts');
    const { loadSpec } = await import('../../sweep/spec.ts');
    const { existsSync } = await import('node:fs');
    // Without --spec: the spec a folder was run with (--resume, --merge, --shard), else the built-in one.
    const ownSpec = opts.out !== undefined ? join(resolve(opts.out), 'spec.json') : undefined;
    const specFile = resolve(opts.spec ?? (ownSpec && (opts.resume || opts.merge || opts.shard !== undefined) && existsSync(ownSpec) ? ownSpec : join(ctx.root, 'tools', 'sweep', 'reference-spec.json')));
    const outDir = resolve(opts.out ?? join(ctx.root, 'build', 'sweep', loadSpec(specFile).name));
    const int = (text: string, what: string, min: number) => {
      const n = Number(text);
      if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${what} must be a whole number >= ${min}, got '${text}'`);
      return n;
    };

    if (opts.shard !== undefined) {
      if (opts.merge) throw new UsageError('--shard and --merge are two different jobs: give one');
      const { runShard } = await import('../../sweep/shard.ts');
      const s = await runShard(outDir, specFile, int(opts.shard, '--shard', 0), ctx.progress);
      const human = `shard ${s.shard}: ${s.ran} point(s) run, ${s.skipped} already done, ${s.failed.length} failed${s.failed.length ? `: ${s.failed.join(', ')}` : ''}\n`;
      return { exitCode: s.failed.length ? 1 : 0, json: { ...s }, human };
    }
    if (opts.merge) {
      const w = writeTables(layout.openSweep(outDir, specFile));
      return { exitCode: w.tables.complete ? 0 : 1, json: { name: w.tables.name, out: outDir, complete: w.tables.complete, counts: w.tables.counts, files: w.files }, human: `tables: ${w.files.csv}\n${paretoText(w.tables)}` };
    }

    if (opts.engine !== 'local' && opts.engine !== 'slurm') throw new UsageError(`unknown engine '${opts.engine}' (known: local, slurm)`);
    if (opts.wait && opts.engine !== 'slurm') throw new UsageError('--wait follows Slurm jobs: give --engine slurm (the local engine always waits)');
    if (opts.workers !== undefined && opts.engine !== 'local') throw new UsageError('--workers applies to --engine local (Slurm tasks take their resources from the spec)');
    const workers = opts.workers === undefined ? undefined : int(opts.workers, '--workers', 1);
    const poll = Number(opts.poll);
    if (!(poll > 0)) throw new UsageError(`--poll must be a number of seconds > 0, got '${opts.poll}'`);
    const start = performance.now();
    // Jobs of an earlier submission still running would write into the folder this run prepares.
    const { lastSubmission, activeJobs } = await import('../../sweep/slurm-engine.ts');
    const previous = lastSubmission(outDir);
    const active = previous ? await activeJobs(previous) : [];
    if (active.length && opts.engine === 'slurm' && opts.wait && opts.resume) {
      // Submitted earlier without --wait: follow those jobs instead of submitting again.
      const { waitSlurm } = await import('../../sweep/slurm-engine.ts');
      const sw = layout.openSweep(outDir);
      ctx.progress(`sweep ${sw.spec.name}: following the jobs submitted earlier (${active.join(', ')})`);
      const w = await waitSlurm(sw, previous!, poll, ctx.progress);
      const done = writeTables(sw);
      const failedTasks = w.failed.map((t) => ({ task: t.task, state: t.state, exitCode: t.exitCode, log: t.log, missing: t.missing }));
      for (const t of failedTasks) ctx.progress(`task ${previous!.arrayJob}_${t.task} ${t.state} (exit ${t.exitCode ?? '?'}): log ${t.log}`);
      const json = { name: sw.spec.name, engine: 'slurm', out: sw.out, followed: true, complete: done.tables.complete, counts: done.tables.counts, files: done.files, submission: previous, merge: w.merge, failedTasks, seconds: (performance.now() - start) / 1000 };
      return { exitCode: done.tables.complete ? 0 : 1, json, human: `followed jobs ${previous!.arrayJob}, ${previous!.mergeJob}: ${done.tables.counts.ok}/${done.tables.counts.points} points ok\n${paretoText(done.tables)}` };
    }
    if (active.length) throw new UsageError(`'${outDir}' still has Slurm jobs queued or running (${active.join(', ')}): follow them with --engine slurm --resume --wait, or scancel ${previous!.arrayJob} ${previous!.mergeJob}`);
    const sw = layout.prepareOut(outDir, specFile, opts.resume === true);
    const alreadyDone = sw.points.filter((p) => layout.isDone(sw.out, p.id)).map((p) => p.id);
    const head = { name: sw.spec.name, engine: opts.engine, out: sw.out, points: sw.points.length, shards: sw.shards.length, resumed: opts.resume === true, alreadyDone: alreadyDone.length };

    const finish = (extra: Record<string, unknown>, failedLines: string[]) => {
      const w = writeTables(sw);
      const t = w.tables;
      const cosimFailed = t.rows.filter((r) => r.kind === 'cosim' && r.metrics.passed === false).map((r) => r.id);
      const pointErrors = t.rows.filter((r) => r.status === 'failed').map((r) => ({ point: r.id, error: r.error, shard: Math.floor(sw.points.find((p) => p.id === r.id)!.index / sw.spec.shardSize) }));
      const ok = t.complete && cosimFailed.length === 0;
      const front = t.pareto.accuracyVsEnergy.map((id) => {
        const r = t.rows.find((x) => x.id === id)!;
        return { id, params: r.params, accuracy: r.metrics.accuracy, energyPj: r.metrics.energyPj, latencyUs: r.metrics.latencyUs };
      });
      const json = { ...head, complete: t.complete, counts: t.counts, files: w.files, pareto: front, paretoEnergyLatency: t.pareto.accuracyVsEnergyLatency, pointErrors, cosimFailed, ...extra, seconds: (performance.now() - start) / 1000 };
      const lines = [
        `sweep ${t.name} (${opts.engine}): ${t.counts.ok}/${t.counts.points} points ok, ${t.counts.failed} failed, ${t.counts.missing} without a result${alreadyDone.length ? ` (${alreadyDone.length} done before, not rerun)` : ''}, ${((performance.now() - start) / 1000).toFixed(1)} s`,
        ...pointErrors.map((e) => `  point ${e.point} (shard ${e.shard}) failed: ${e.error}`),
        ...failedLines,
        ...(cosimFailed.length ? [`  cosim mismatch in ${cosimFailed.join(', ')} (see OUT/points/ID.json for the replay command)`] : []),
        `tables: ${w.files.csv}, ${w.files.json}, ${w.files.pareto}`,
      ];
      // Failures also go to stderr, so that a --json caller's log names them with their logs.
      if (ctx.json) for (const l of lines.slice(1, -1)) ctx.progress(l.trim());
      const pt = paretoText(t);
      return { exitCode: (ok ? 0 : 1) as 0 | 1, json, human: `${lines.join('\n')}\n${pt ? `\nPareto front, accuracy vs energy per inference:\n${pt}` : ''}` };
    };

    if (opts.engine === 'local') {
      const { runLocal } = await import('../../sweep/local-engine.ts');
      const r = await runLocal(sw, ctx.root, workers, ctx.progress);
      const failedShards = r.failed.map((f) => ({ shard: f.shard, exitCode: f.exitCode, signal: f.signal, log: f.log }));
      return finish({ shardsRun: r.shardsRun, failedShards }, failedShards.map((f) => `  shard ${f.shard} exited ${f.exitCode ?? f.signal}: log ${f.log}`));
    }

    const { submitSlurm, waitSlurm } = await import('../../sweep/slurm-engine.ts');
    const sub = await submitSlurm(sw, ctx.root, ctx.progress);
    if (!sub) return finish({ submission: null }, ['  nothing to submit: every point has a result']);
    if (!opts.wait) {
      const json = { ...head, submission: sub, seconds: (performance.now() - start) / 1000 };
      return { exitCode: 0, json, human: `submitted: job array ${sub.arrayJob} (tasks ${sub.tasks.join(',')}), merge job ${sub.mergeJob}\nlogs: ${sub.logPattern}\nfollow: squeue -j ${sub.arrayJob},${sub.mergeJob}; afterwards: npx neurotile sweep --spec ${specFile} --out ${sw.out} --engine slurm --resume\n` };
    }
    const w = await waitSlurm(sw, sub, poll, ctx.progress);
    const failedTasks = w.failed.map((t) => ({ task: t.task, state: t.state, exitCode: t.exitCode, log: t.log, missing: t.missing }));
    return finish(
      { submission: sub, merge: w.merge, failedTasks },
      failedTasks.map((t) => `  task ${sub.arrayJob}_${t.task} ${t.state} (exit ${t.exitCode ?? '?'}): log ${t.log}${t.missing.length ? `; no result for ${t.missing.join(', ')}` : ''}`),
    );
  },
};
