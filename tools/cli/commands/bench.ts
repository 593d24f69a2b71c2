// `neurotile bench`: side-by-side speed of the simulator backends on the
// same designs and stimulus, model build cold vs cached, and elaboration +
// emission of a ~100k-node design, all measured in one run.
import type { CommandResult } from '../cli.ts';
import { defineCommand, opt } from '../options.ts';

export const bench = defineCommand({
  name: 'bench',
  summary: 'side-by-side speed: DSL simulator vs Verilator vs Icarus, builds, elaboration',
  options: {
    quick: opt.flag('--quick', 'short runs (rough figures, for smoke tests)'),
  },
  async run(opts, ctx): Promise<CommandResult> {
    const { runBench, formatBench, BENCH_STEPS } = await import('../../bench/run-bench.ts');
    const { createProgress } = await import('../progress.ts');
    const bar = createProgress({ unit: 'measurements', total: BENCH_STEPS, json: ctx.json, quiet: Boolean((opts as Record<string, unknown>).quiet) });
    let report;
    try {
      report = await runBench({ quick: opts.quick, progress: bar.active ? () => {} : ctx.progress, onStep: (done, _total, what) => bar.update(done, what) });
    } finally {
      bar.stop();
    }
    return { exitCode: 0, json: report as unknown as Record<string, unknown>, human: `${formatBench(report)}\n` };
  },
});
