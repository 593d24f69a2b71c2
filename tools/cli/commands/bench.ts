// `neurotile bench`: side-by-side speed of the simulator backends on the
// same designs and stimulus, model build cold vs cached, and elaboration +
// emission of a ~100k-node design, all measured in one run.
import type { CommandResult } from '../cli.ts';
import { defineCommand, opt, OptionError, type OptionSpec } from '../options.ts';

// Kept here (not imported from tools/bench) so `--help` stays cheap.
export const DESIGNS = ['fifo', 'mac', 'mesh', 'crossbar', 'tile', 'chip'] as const;
export const BACKENDS = ['dsl', 'verilator', 'verilator-text', 'verilator-inproc', 'icarus'] as const;

/** A comma-separated subset of `known` (at least one, no unknown word). */
function listOf<T extends string>(flags: string, help: string, known: readonly T[]): OptionSpec<T[]> {
  const flag = flags.split(' ')[0];
  return {
    flags,
    help: `${help}, comma-separated: ${known.join(', ')} (only the throughput part runs)`,
    parse(text) {
      const words = text.split(',').map((w) => w.trim());
      const bad = words.find((w) => !(known as readonly string[]).includes(w));
      if (bad !== undefined) throw new OptionError(`${flag}: unknown value '${bad.slice(0, 40)}' (known: ${known.join(', ')})`);
      return [...new Set(words)] as T[];
    },
  };
}

export const bench = defineCommand({
  name: 'bench',
  summary: 'side-by-side speed: DSL simulator vs Verilator vs Icarus, builds, elaboration',
  options: {
    quick: opt.flag('--quick', 'short runs (rough figures, for smoke tests)'),
    designs: listOf('--designs <list>', 'only these designs', DESIGNS),
    backends: listOf('--backends <list>', 'only these backends', BACKENDS),
  },
  async run(opts, ctx): Promise<CommandResult> {
    const { runBench, formatBench, benchPassed } = await import('../../bench/run-bench.ts');
    const { createProgress } = await import('../progress.ts');
    const bar = createProgress({ unit: 'parts', total: 1, json: ctx.json, quiet: Boolean((opts as Record<string, unknown>).quiet) });
    let report;
    try {
      report = await runBench({
        quick: Boolean(opts.quick),
        designs: opts.designs,
        backends: opts.backends,
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
