// The three RTL checks the project promises (docs: `neurotile lint`):
// Verilator --lint-only -Wall, an Icarus Verilog compile, and a Yosys
// synthesis. Each runs as its own process (argument arrays, killed on
// timeout); a missing tool is a failed check with an install hint, never a
// silent skip.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALL_HINTS, runTool, ToolNotFoundError, type ToolResult } from './run-tool.ts';

export type LintTool = 'verilator' | 'iverilog' | 'yosys';

export interface LintToolReport {
  tool: LintTool;
  /** The tool accepted the design: exit status 0 and no errors (Verilator: no warnings either). */
  ok: boolean;
  warnings: number;
  errors: number;
  /** One line per warning or error (the tool's own words, with file:line), or why the tool did not run. */
  messages: string[];
  seconds: number;
  /** The command that ran, for reproducing it by hand. */
  command: string[];
}

export interface LintReport {
  top: string;
  /** Every tool's ok. */
  ok: boolean;
  tools: LintToolReport[];
}

export interface LintOptions {
  /** Directory the files are relative to (the tools run there). */
  dir: string;
  files: string[];
  top: string;
  /** Per tool. Default 5 minutes. */
  timeoutMs?: number;
  /** Which checks to run (default all three). */
  tools?: LintTool[];
}

const DEFAULT_TIMEOUT_MS = 300_000;
const ALL_TOOLS: LintTool[] = ['verilator', 'iverilog', 'yosys'];

export async function runLint(opts: LintOptions): Promise<LintReport> {
  if (opts.files.length === 0) throw new Error('runLint: no files to check');
  if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(opts.top)) throw new Error(`runLint: '${opts.top}' is not a Verilog module name`);
  const tools = await Promise.all((opts.tools ?? ALL_TOOLS).map((t) => CHECKS[t](opts)));
  return { top: opts.top, ok: tools.every((t) => t.ok), tools };
}

type Check = (opts: LintOptions) => Promise<LintToolReport>;

const CHECKS: Record<LintTool, Check> = {
  verilator: (opts) =>
    check('verilator', ['--lint-only', '-Wall', '--top-module', opts.top, ...asFiles(opts.files)], opts, (r) => {
      // Headlines start with %Warning-CODE: or %Error...; "Exiting due to N warning(s)" is a summary, not an error.
      const lines = (r.stderr + r.stdout).split('\n').filter((l) => /^%(Warning|Error)/.test(l) && !/^%Error: Exiting due to/.test(l));
      const warnings = lines.filter((l) => l.startsWith('%Warning')).length;
      const errors = lines.length - warnings;
      return { warnings, errors, messages: lines, ok: r.code === 0 && warnings === 0 && errors === 0 };
    }),

  iverilog: async (opts) => {
    const out = mkdtempSync(join(tmpdir(), 'neurotile-iverilog-'));
    try {
      return await check('iverilog', ['-g2012', '-s', opts.top, '-o', join(out, 'lint.vvp'), ...asFiles(opts.files)], opts, (r) =>
        verdict(r, /\bwarning:/i, /\b(error|sorry):|syntax error|I give up/i),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },

  yosys: (opts) => {
    const bad = opts.files.find((f) => !yosysQuotable(f));
    if (bad) return Promise.resolve(failed('yosys', [], `file name '${bad}' contains characters Yosys scripts cannot quote (" or a line break)`));
    // The synthesizability check: every process becomes logic (proc), then
    // `check -assert` fails on multiple drivers, undriven wires and
    // combinational loops. Mapping to gates is `neurotile synth`'s job: a full
    // `synth` of the reference chip (two 256 x 256 twins) takes over 30 min.
    const script = `read_verilog -sv ${opts.files.map(yosysFile).join(' ')}; hierarchy -check -top ${opts.top}; proc; opt_clean; check -assert`;
    return check('yosys', ['-q', '-p', script], opts, (r) => verdict(r, /^Warning:/, /^ERROR:/));
  },
};

/** File names as the tools must see them: './name', so that '--version.v' is a file and not an option. */
export function asFiles(files: readonly string[]): string[] {
  return files.map((f) => (f.startsWith('/') || f.startsWith('./') ? f : `./${f}`));
}

/** Yosys splits its script on whitespace and ';' outside double quotes: a quoted './name' keeps spaces. */
export function yosysFile(f: string): string {
  return `"${asFiles([f])[0]}"`;
}
export const yosysQuotable = (f: string) => !/["\n\r]/.test(f);

type Verdict = Pick<LintToolReport, 'ok' | 'warnings' | 'errors' | 'messages'>;

/** Counts the output lines that are warnings and errors; a failing status without an error line still counts as one. */
function verdict(r: ToolResult, warning: RegExp, error: RegExp): Verdict {
  const lines = (r.stderr + r.stdout).split('\n').filter((l) => l.trim() && !/^\d+ error\(s\)/.test(l.trim()));
  const warnings = lines.filter((l) => warning.test(l));
  const errors = lines.filter((l) => error.test(l));
  if (r.code !== 0 && errors.length === 0) {
    const tail = lines.slice(-5);
    errors.push(...(tail.length ? tail : [`exited with status ${r.code ?? r.signal}`]));
  }
  return { warnings: warnings.length, errors: errors.length, messages: [...warnings, ...errors], ok: r.code === 0 && errors.length === 0 };
}

async function check(tool: LintTool, args: string[], opts: LintOptions, judge: (r: ToolResult) => Verdict): Promise<LintToolReport> {
  const command = [tool, ...args];
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let r: ToolResult;
  try {
    r = await runTool(tool, args, { cwd: opts.dir, timeoutMs });
  } catch (err) {
    if (err instanceof ToolNotFoundError) return failed(tool, command, `${tool} not found: ${INSTALL_HINTS[tool]}`);
    return failed(tool, command, `${tool} could not be started: ${(err as Error).message}`);
  }
  if (r.timedOut) return { ...failed(tool, command, `${tool} timed out after ${(timeoutMs / 1000).toFixed(1)} s (killed)`), seconds: r.seconds };
  return { tool, ...judge(r), seconds: r.seconds, command };
}

function failed(tool: LintTool, command: string[], message: string): LintToolReport {
  return { tool, ok: false, warnings: 0, errors: 1, messages: [message], seconds: 0, command };
}
