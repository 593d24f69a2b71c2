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
    const { runBench, formatBench, benchPassed } = await import('../../bench/run-bench.ts');
    const { createProgress } = await import('../progress.ts');
    const bar = createProgress({ unit: 'parts', total: 1, json: ctx.json, quiet: Boolean((opts as Record<string, unknown>).quiet) });
    let report;
    try {
      report = await runBench({
        quick: Boolean(opts.quick),
        progress: bar.active ? () => {} : ctx.progress,
        onStep: (done, total, what) => {
          bar.setTotal(total);
          bar.update(done, what);
        },
      });
    } finally {
      bar.stop();
    }
    return { exitCode: benchPassed(report) ? 0 : 1, json: report as unknown as Record<string, unknown>, human: `${formatBench(report)}\n` };
  },
});
