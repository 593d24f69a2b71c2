// `neurotile report`: a self-contained HTML report with plots (Vega-Lite,
// rendered to SVG in Node) of emulate, sample, bench and the router and
// crossbar studies, from saved JSON (--from) or run now (tools/report/).
import type { Command } from 'commander';
import type { CommandModule, CommandResult } from '../cli.ts';
import { BACKENDS, DESIGNS } from './bench.ts';

const collect = (v: string, acc: string[]) => [...acc, v];

export const report: CommandModule = {
  name: 'report',
  summary: 'a self-contained HTML report with plots (emulate, sampler, router, crossbar, bench)',
  configure(cmd: Command) {
    cmd
      .option('--from <file>', 'saved JSON of emulate, sample, bench or report (repeatable); what is not given is run now', collect, [])
      .option('--out <file>', 'the HTML file to write (whole or not at all)', 'build/report.html')
      .option('--limit <n>', 'images per emulate run the report makes itself', '50')
      .option('--skip <parts>', 'comma-separated parts not to run: emulate, sample, sampler, router, crossbar, bench')
      .option('--workers <n>', 'worker threads per emulate run (default: emulate\'s)')
      .option('--bench-designs <list>', `the bench part on these designs only (its throughput part, like bench --designs), comma-separated: ${DESIGNS.join(', ')}`)
      .option('--bench-backends <list>', `the bench part on these backends only (like bench --backends), comma-separated: ${BACKENDS.join(', ')}`);
  },
  async run(opts, ctx): Promise<CommandResult> {
    const { UsageError } = await import('../cli.ts');
    const { runReport, formatReport, PARTS } = await import('../../report/run-report.ts');
    const { createProgress } = await import('../progress.ts');
    const whole = (flag: string, v: unknown, lo: number) => {
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < lo) throw new UsageError(`${flag}: must be a whole number >= ${lo}, got '${String(v)}'`);
      return n;
    };
    const skip = opts.skip === undefined ? [] : String(opts.skip).split(',').map((s) => s.trim()).filter(Boolean);
    for (const s of skip) if (!(PARTS as readonly string[]).includes(s)) throw new UsageError(`--skip: unknown part '${s}' (known: ${PARTS.join(', ')})`);
    /** A comma-separated subset of `known`, like bench's --designs / --backends. */
    const subset = <T extends string>(flag: string, v: unknown, known: readonly T[]): T[] | undefined => {
      if (v === undefined) return undefined;
      const words = String(v).split(',').map((w) => w.trim());
      const bad = words.find((w) => !(known as readonly string[]).includes(w));
      if (bad !== undefined) throw new UsageError(`${flag}: unknown value '${bad.slice(0, 40)}' (known: ${known.join(', ')})`);
      return [...new Set(words)] as T[];
    };
    const options = {
      from: opts.from as string[],
      out: String(opts.out),
      limit: whole('--limit', opts.limit, 1),
      skip: skip as (typeof PARTS)[number][],
      workers: opts.workers === undefined ? undefined : whole('--workers', opts.workers, 1),
      benchDesigns: subset('--bench-designs', opts.benchDesigns, DESIGNS),
      benchBackends: subset('--bench-backends', opts.benchBackends, BACKENDS),
    };
    const bar = createProgress({ unit: 'steps', total: 1, json: ctx.json, quiet: Boolean(opts.quiet) });
    const result = await runReport(options, { bar, progress: bar.active ? () => {} : ctx.progress, generator: ctx.generator });
    return { exitCode: 0, json: result as unknown as Record<string, unknown>, human: `${formatReport(result)}\n` };
  },
};
