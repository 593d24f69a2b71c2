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
    const { runBench, formatBench } = await import('../../bench/run-bench.ts');
    const report = await runBench({ quick: opts.quick, progress: ctx.progress });
    return { exitCode: 0, json: report as unknown as Record<string, unknown>, human: `${formatBench(report)}\n` };
  },
});
