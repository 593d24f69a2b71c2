// `neurotile lint`: Verilator --lint-only -Wall, an Icarus compile and a Yosys
// synthesis on a target's generated Verilog (built in memory) or on the
// Verilog files of a directory (--rtl: generated, hand-edited, or a netlist).
import type { CommandResult } from '../cli.ts';
import type { LintReport } from '../../../gen/tools/run-lint.ts';
import { defineCommand, opt } from '../options.ts';
import { configOption, targetOption } from '../common-options.ts';

export const lint = defineCommand({
  name: 'lint',
  summary: 'Verilator -Wall, Icarus and Yosys checks of generated (or given) RTL',
  options: {
    target: targetOption('block to generate and check (default: the reference design, for now fifo)'),
    config: configOption(),
    rtl: opt.text('--rtl <dir>', 'check the *.v / *.sv files in this directory instead of generating'),
    top: opt.text('--top <module>', 'top module of --rtl (default: "top" from <dir>/manifest.json)', {
      maxLength: 1024,
      pattern: /^[A-Za-z_][A-Za-z0-9_$]*$/,
      what: 'a Verilog module name',
    }),
    timeout: opt.seconds('--timeout <seconds>', 'per-tool time limit', { default: 300 }),
  },
  async run(opts, ctx): Promise<CommandResult> {
    const { UsageError } = await import('../cli.ts');
    const timeoutMs = opts.timeout * 1000;
    let report: LintReport;
    let target: string | null;
    let rtl: string | null = null;
    let files: string[];
    if (opts.rtl !== undefined) {
      if (opts.target !== undefined || opts.config !== undefined) throw new UsageError('--rtl checks existing files: it cannot be combined with --target or --config');
      const { readRtlDir } = await import('../rtl-dir.ts');
      const dir = readRtlDir(opts.rtl, opts.top);
      ({ target, files } = dir);
      rtl = dir.dir;
      ctx.progress(`lint: checking ${files.length} file${files.length === 1 ? '' : 's'} in ${opts.rtl} (top ${dir.top})`);
      const { runLint } = await import('../../../gen/tools/run-lint.ts');
      report = await runLint({ dir: dir.dir, files, top: dir.top, timeoutMs });
    } else {
      if (opts.top !== undefined) throw new UsageError('--top only applies to --rtl (a target knows its top module)');
      const { resolveTarget, loadParams, buildTarget } = await import('../design.ts');
      const t = resolveTarget(opts.target);
      const built = await buildTarget(t, loadParams(t, opts.config), opts.config);
      target = t.name;
      files = built.files.map((f) => f.path);
      ctx.progress(`lint: checking ${target} (top ${built.design.top}, ${files.length} file${files.length === 1 ? '' : 's'})`);
      const { lintSources } = await import('../../../gen/tools/lint-sources.ts');
      report = await lintSources(built.files, built.design.top, { timeoutMs });
    }
    const passed = report.tools.every((t) => t.ok && t.warnings === 0 && t.errors === 0);
    return {
      exitCode: passed ? 0 : 1,
      json: { target, rtl, top: report.top, files, tools: report.tools, passed },
      human: table(report, passed),
    };
  },
});

function table(report: LintReport, passed: boolean): string {
  const rows = [['tool', 'verdict', 'warnings', 'errors', 'seconds']];
  for (const t of report.tools) {
    const clean = t.ok && t.warnings === 0 && t.errors === 0;
    rows.push([t.tool, clean ? 'ok' : 'FAIL', String(t.warnings), String(t.errors), t.seconds.toFixed(2)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd());
  for (const t of report.tools) {
    if (t.messages.length === 0) continue;
    lines.push('', `${t.tool}:`, ...t.messages.map((m) => `  ${m}`));
  }
  lines.push('', passed ? `lint passed: ${report.top}` : `lint FAILED: ${report.top}`, '');
  return lines.join('\n');
}
