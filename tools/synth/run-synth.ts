// Area (and, for iCE40, Fmax) of a design: Yosys generic synthesis with its
// cell statistics, or Yosys synth_ice40 followed by nextpnr-ice40 place and
// route. Tools are spawned with argument arrays in a private temp dir.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runTool, type ToolResult } from '../../gen/tools/run-tool.ts';
import { registerCleanup } from '../../gen/tools/process-registry.ts';
import { CheckFailed } from '../../gen/tools/errors.ts';
import { yosysFile, yosysQuotable } from '../../gen/tools/run-lint.ts';

export type SynthArch = 'generic' | 'ice40';

export interface SynthSource {
  path: string;
  text: string;
}

export interface SynthReport {
  top: string;
  arch: SynthArch;
  cells: number;
  cellsByType: Record<string, number>;
  /** Flip-flops (generic: the $_DFF, $_SDFF and $_DLATCH cell families; iCE40: SB_DFF cells). */
  flipFlops: number;
  /** iCE40 only. */
  luts?: number;
  brams?: number;
  carries?: number;
  /** iCE40 only: nextpnr's post-route estimate for the clock. */
  fmaxMHz?: number;
  device?: string;
  seconds: number;
  /** Set when ABC crashed in the first Yosys run and a rerun succeeded: that crash's message. */
  abcRetried?: string;
}

export class SynthError extends Error {
  override name = 'SynthError';
}

/** The design does not fit the iCE40 part (a check result, exit 1); `pins`: it has more I/O than the package. */
export class Ice40DoesNotFit extends CheckFailed {
  constructor(
    message: string,
    readonly pins: boolean,
  ) {
    super(message);
  }
}

/**
 * Yosys's technology mapper ABC now and then aborts (an assertion, status 134) or crashes
 * (139) on an input it maps fine the next time: upstream reports of the same input failing
 * only sometimes (YosysHQ/yosys#174, #940); here once in about eight bench runs, on a block
 * that mapped in every other. Such a failure is retried once; a second one is the error.
 */
export function isAbcCrash(output: string): boolean {
  return /ERROR: ABC: execution of command .* failed: return code (134|139)\b/.test(output);
}

/** `yosys args`, rerun once after an ABC crash; `abcRetried` is the first run's last line then. */
export async function runYosys(args: readonly string[], options: { cwd: string; timeoutMs: number }): Promise<ToolResult & { abcRetried?: string }> {
  const first = await runTool('yosys', args, options);
  if (first.code === 0 || !isAbcCrash(first.stderr + first.stdout)) return first;
  const lastLine = (first.stderr || first.stdout).trim().split('\n').pop() ?? '';
  return { ...(await runTool('yosys', args, options)), abcRetried: lastLine };
}

interface YosysStat {
  design?: { num_cells: number; num_cells_by_type: Record<string, number> };
}

const sum = (byType: Record<string, number>, match: (t: string) => boolean) =>
  Object.entries(byType).reduce((n, [t, k]) => (match(t) ? n + k : n), 0);

export async function runSynth(
  sources: SynthSource[],
  top: string,
  arch: SynthArch,
  /** `placeAndRoute: false` (iCE40): Yosys's cell statistics only, no nextpnr, so no device and no Fmax. */
  options: { timeoutMs?: number; device?: 'hx8k' | 'up5k'; placeAndRoute?: boolean } = {},
): Promise<SynthReport> {
  const start = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'neurotile-synth-'));
  const unregister = registerCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const timeoutMs = options.timeoutMs ?? 600_000;
  try {
    const files = sources.map((s) => {
      const name = basename(s.path);
      if (!yosysQuotable(name)) throw new SynthError(`file name '${name}' contains characters Yosys scripts cannot quote`);
      writeFileSync(join(dir, name), s.text);
      return name;
    });
    // Names relative to the scratch dir: no user path (spaces, ';') ends up in the script.
    const synth = arch === 'ice40' ? `synth_ice40 -top ${top} -json netlist.json` : `synth -flatten -top ${top}`;
    const script = `read_verilog -sv ${files.map(yosysFile).join(' ')}; hierarchy -check -top ${top}; ${synth}; tee -q -o stat.json stat -json`;
    const statPath = join(dir, 'stat.json');
    const netlist = './netlist.json';
    const y = await runYosys(['-q', '-p', script], { cwd: dir, timeoutMs });
    timedOut('yosys', y, timeoutMs);
    if (y.code !== 0) throw new SynthError(`yosys failed (status ${y.code}): ${(y.stderr || y.stdout).trim().split('\n').slice(-5).join(' | ')}`);
    const stat = JSON.parse(readFileSync(statPath, 'utf8')) as YosysStat;
    const byType = stat.design?.num_cells_by_type ?? {};
    const report: SynthReport = {
      top,
      arch,
      cells: stat.design?.num_cells ?? 0,
      cellsByType: byType,
      flipFlops: sum(byType, (t) => (arch === 'ice40' ? t.startsWith('SB_DFF') : /^\$_(S?DFF|DLATCH|ALDFF)/.test(t))),
      seconds: 0,
      ...(y.abcRetried ? { abcRetried: y.abcRetried } : {}),
    };
    if (arch === 'ice40') {
      report.luts = sum(byType, (t) => t === 'SB_LUT4');
      report.brams = sum(byType, (t) => t.startsWith('SB_RAM40'));
      report.carries = sum(byType, (t) => t === 'SB_CARRY');
    }
    if (arch === 'ice40' && options.placeAndRoute !== false) {
      const device = options.device ?? 'hx8k';
      report.device = device;
      const packageArgs = device === 'hx8k' ? ['--hx8k', '--package', 'ct256'] : ['--up5k', '--package', 'sg48'];
      const pnr = await runTool('nextpnr-ice40', [...packageArgs, '--json', netlist, '--pcf-allow-unconstrained', '--freq', '12', '--seed', '1'], {
        cwd: dir,
        timeoutMs,
      });
      timedOut('nextpnr-ice40', pnr, timeoutMs);
      const log = pnr.stdout + pnr.stderr;
      // Not fitting the device is the answer to the question synth asks, not a bug: exit 1, in one line.
      const noBel = /Unable to place cell '[^']*', no BELs remaining to implement cell type '([^']+)'/.exec(log);
      const noSpot = /Unable to find a placement location for cell '([^']*)'/.exec(log);
      if (pnr.code !== 0 && (noBel || noSpot)) {
        const pins = !noBel && /\$sb_io$/.test(noSpot![1]!);
        const what = noBel
          ? `no ${noBel[1]} left for all its cells`
          : pins
            ? `it has more I/O pins than the package (first one left over: ${noSpot![1]!.replace(/\$sb_io$/, '')})`
            : `no place left for cell '${noSpot![1]}'`;
        throw new Ice40DoesNotFit(`${top} does not fit the iCE40 ${device}: ${what}`, pins);
      }
      if (pnr.code !== 0) throw new SynthError(`nextpnr-ice40 failed (status ${pnr.code}): ${log.trim().split('\n').slice(-3).join(' | ')}`);
      // nextpnr reports Fmax after placement and again after routing: the last one counts.
      const fmax = [...log.matchAll(/Max frequency for clock '[^']*': ([\d.]+) MHz/g)].map((m) => Number(m[1]));
      if (fmax.length) report.fmaxMHz = fmax[fmax.length - 1];
    }
    report.seconds = (performance.now() - start) / 1000;
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    unregister();
  }
}

function timedOut(tool: string, r: ToolResult, timeoutMs: number): void {
  if (r.timedOut) throw new CheckFailed(`${tool} did not finish within the time limit of ${timeoutMs / 1000} s (killed; --timeout raises it)`);
}

export function formatSynth(r: SynthReport): string {
  const lines = [`${r.top} (${r.arch}${r.device ? `, ${r.device}` : ''}): ${r.cells} cells, ${r.flipFlops} flip-flops`];
  if (r.arch === 'ice40') lines.push(`  LUT4 ${r.luts}, carry ${r.carries}, BRAM ${r.brams}, Fmax ${r.fmaxMHz ?? '?'} MHz`);
  for (const [t, n] of Object.entries(r.cellsByType).sort((a, b) => b[1] - a[1])) lines.push(`  ${t.padEnd(16)} ${n}`);
  if (r.abcRetried) lines.push(`  (Yosys's ABC crashed on the first run and was rerun: ${r.abcRetried})`);
  return lines.join('\n');
}
