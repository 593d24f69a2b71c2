// `neurotile cosim`: property-based co-simulation of a block against its
// TypeScript reference model on one simulator backend. On a mismatch: the
// shrunk counterexample, the seed, a one-line replay command and a VCD.
// --rtl runs the same suite against Verilog from outside (same top and ports).
import type { Command } from 'commander';
import type { CommandModule, CommandResult, CommandContext } from '../cli.ts';

const SIMS = ['verilator', 'icarus', 'dsl'] as const;
type Sim = (typeof SIMS)[number];

interface CosimOptions {
  target?: string;
  config?: string;
  sim: string;
  rtl?: string;
  runs: string;
  seed?: string;
  replay?: string;
}

export const cosim: CommandModule = {
  name: 'cosim',
  summary: 'property-based co-simulation of a block against its reference model',
  configure(cmd: Command) {
    cmd
      .option('--target <block>', 'block to check: one with a cosim suite, or expr (default: all of them; the list is in the error for an unknown one)')
      .option('--config <file>', "JSON object of the target's parameters")
      .option('--sim <backend>', `simulator: ${SIMS.join(', ')}`, 'verilator')
      .option('--rtl <dir>', 'check the Verilog in this directory (same top and ports) instead of the generated RTL')
      .option('--runs <n>', 'random runs (for expr: random expressions)', '200')
      .option('--seed <n>', 'random seed (default: a fresh one, printed)')
      .option('--replay <path>', 'replay one counterexample: the path printed with a failure (needs its --seed)');
  },
  async run(raw, ctx): Promise<CommandResult> {
    const opts = raw as unknown as CosimOptions;
    const { UsageError } = await import('../cli.ts');
    const { COSIM_TARGETS } = await import('../../../testbench/suites/index.ts');
    if (!(SIMS as readonly string[]).includes(opts.sim)) throw new UsageError(`unknown simulator '${opts.sim}' (known: ${SIMS.join(', ')})`);
    const sim = opts.sim as Sim;
    const runs = positiveInt(opts.runs, '--runs', UsageError);
    const seed = opts.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : nonNegativeInt(opts.seed, '--seed', UsageError);
    if (opts.target !== undefined && !COSIM_TARGETS.includes(opts.target)) {
      throw new UsageError(`unknown cosim target '${opts.target}' (known: ${COSIM_TARGETS.join(', ')})`);
    }
    if ((opts.rtl !== undefined || opts.config !== undefined || opts.replay !== undefined) && opts.target === undefined) {
      throw new UsageError('--rtl, --config and --replay apply to one block: give --target too');
    }
    if (opts.rtl !== undefined && sim === 'dsl') throw new UsageError('--rtl needs a Verilog simulator: use --sim verilator or --sim icarus');
    if (opts.target === 'expr' && (opts.rtl !== undefined || opts.config !== undefined)) {
      throw new UsageError('--target expr generates its own designs: --rtl and --config do not apply');
    }
    const targets = opts.target ? [opts.target] : COSIM_TARGETS;
    const results: Record<string, unknown>[] = [];
    const human: string[] = [];
    // One bar over every target's runs (drawn only at a terminal, never with --json).
    const { createProgress } = await import('../progress.ts');
    const bar = createProgress({ unit: 'runs', total: targets.length * runs, json: ctx.json, quiet: Boolean(raw.quiet) });
    const quietCtx = bar.active ? { ...ctx, progress: () => {} } : ctx;
    try {
      for (const [i, target] of targets.entries()) {
        const onRun = (done: number) => bar.update(i * runs + done, target);
        bar.update(i * runs, target);
        const r = target === 'expr' ? await runExpr(sim, runs, seed, quietCtx) : await runSuite(target, sim, runs, seed, opts, quietCtx, onRun);
        results.push(r.json);
        human.push(r.human);
      }
    } finally {
      bar.stop();
    }
    const passed = results.every((r) => r.passed === true);
    const json = results.length === 1 ? results[0] : { target: 'all', sim, runs, seed, passed, results };
    return { exitCode: passed ? 0 : 1, json, human: `${human.join('\n')}\n` };
  },
};

async function runSuite(target: string, sim: Sim, runs: number, seed: number, opts: CosimOptions, ctx: CommandContext, onRun?: (done: number) => void) {
  const { COSIM_SUITES } = await import('../../../testbench/suites/index.ts');
  const { resolveTarget, loadParams } = await import('../design.ts');
  const { elaborate } = await import('../../../gen/index.ts');
  const { dutFromDesign, dutFromSources, startSimulator } = await import('../../../testbench/dut.ts');
  const { runCosim, formatReport } = await import('../../../testbench/cosim/run-cosim.ts');
  const suite = COSIM_SUITES[target];
  const config = loadParams(resolveTarget(target), opts.config);
  const generated = dutFromDesign(elaborate(suite.design(config)));
  let dut = generated;
  const replayArgs: string[] = [];
  if (opts.config !== undefined) replayArgs.push(`--config ${opts.config}`);
  if (opts.rtl !== undefined) {
    const { readRtlDir } = await import('../rtl-dir.ts');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = readRtlDir(opts.rtl, generated.iface.top);
    dut = dutFromSources(
      dir.files.map((f) => ({ name: f, text: readFileSync(join(dir.dir, f), 'utf8') })),
      generated.iface,
      opts.rtl,
    );
    replayArgs.push(`--rtl ${opts.rtl}`);
  }
  ctx.progress(`cosim ${target} [${suite.describeConfig(config)}] on ${sim}${opts.rtl ? ` with RTL from ${opts.rtl}` : ''}: starting the simulator`);
  const simulator = await startSimulator(sim, dut);
  try {
    ctx.progress(`cosim ${target}: ${runs} random runs, seed ${seed}`);
    const report = await runCosim(suite, config, simulator, {
      runs,
      seed,
      replay: opts.replay,
      replayArgs,
      vcdDir: 'build/cosim',
      onRun,
    });
    return { json: { ...report, rtl: opts.rtl ?? null } as Record<string, unknown>, human: formatReport(report) };
  } finally {
    await simulator.close();
  }
}

async function runExpr(sim: Sim, count: number, seed: number, ctx: CommandContext) {
  const { exprBank, exprVectors, checkExprBank } = await import('../../../testbench/suites/expr.ts');
  const { dutFromDesign, startSimulator } = await import('../../../testbench/dut.ts');
  const start = performance.now();
  ctx.progress(`cosim expr on ${sim}: ${count} random expressions (seed ${seed}), building the model`);
  const bank = exprBank(count, seed);
  const simulator = await startSimulator(sim, dutFromDesign(bank.design));
  try {
    const report = await checkExprBank(bank, simulator, exprVectors(12, seed));
    const passed = report.mismatches.length === 0;
    const replay = `npx neurotile cosim --target expr --sim ${sim} --runs ${count} --seed ${seed}`;
    const seconds = (performance.now() - start) / 1000;
    const json = { target: 'expr', sim, runs: count, seed, passed, checks: report.checks, seconds, mismatches: report.mismatches, ...(passed ? {} : { replay }) };
    const head = `${passed ? 'PASS' : 'FAIL'} cosim expr on ${sim}: ${count} expressions x ${report.vectors} vectors, ${report.checks} checks, seed ${seed}, ${seconds.toFixed(1)} s`;
    const detail = report.mismatches.map((m) => `  ${m.output} = ${m.expression}\n    ${m.inputs}\n    expected ${m.expected}, got ${m.actual}`);
    return { json, human: [head, ...detail, ...(passed ? [] : [`  replay: ${replay}`])].join('\n') };
  } finally {
    await simulator.close();
  }
}

function positiveInt(text: string, what: string, E: new (m: string) => Error): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new E(`${what} must be a whole number >= 1, got '${text}'`);
  return n;
}

function nonNegativeInt(text: string, what: string, E: new (m: string) => Error): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new E(`${what} must be a whole number >= 0, got '${text}'`);
  return n;
}
