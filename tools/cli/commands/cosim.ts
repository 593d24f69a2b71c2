// `neurotile cosim`: property-based co-simulation of a block against its
// TypeScript reference model on one simulator backend. On a mismatch: the
// shrunk counterexample, the seed, a one-line replay command and a VCD.
// --rtl runs the same suite against Verilog from outside (same top and ports).
import type { CommandResult, CommandContext } from '../cli.ts';
import { defineCommand, opt, type OptionValues } from '../options.ts';
import { configOption, targetOption } from '../common-options.ts';
import type { ReplayToken } from '../../../testbench/cosim/replay-token.ts';

const SIMS = ['verilator', 'icarus', 'dsl'] as const;
type Sim = (typeof SIMS)[number];

/** fast-check's seeds are 32-bit integers. */
export const COSIM_MAX_SEED = 2 ** 31 - 1;
export const COSIM_MAX_RUNS = 100_000;

const OPTIONS = {
  target: targetOption('block to check: one with a cosim suite, or expr (default: all of them; the list is in the error for an unknown one)'),
  config: configOption(),
  sim: opt.choice('--sim <backend>', 'simulator', SIMS, 'verilator'),
  rtl: opt.text('--rtl <dir>', 'check the Verilog in this directory (same top and ports) instead of the generated RTL'),
  // No spec default: with --replay the run count comes from the token, and a different --runs is refused.
  runs: opt.int('--runs <n>', 'random runs (for expr: random expressions), default 200', { min: 1, max: COSIM_MAX_RUNS }),
  seed: opt.int('--seed <n>', 'random seed (default: a fresh one, printed)', { min: 0, max: COSIM_MAX_SEED }),
  replay: opt.text('--replay <token>', 'replay one counterexample: the token printed with a failure (needs its --target; seed and runs come from the token)', { maxLength: 4096 }),
};
type CosimOptions = OptionValues<typeof OPTIONS>;

export const cosim = defineCommand({
  name: 'cosim',
  summary: 'property-based co-simulation of a block against its reference model',
  options: OPTIONS,
  async run(opts, ctx): Promise<CommandResult> {
    const { UsageError } = await import('../cli.ts');
    const { COSIM_TARGETS } = await import('../../../testbench/suites/index.ts');
    const sim = opts.sim;
    if (opts.target !== undefined && !COSIM_TARGETS.includes(opts.target)) {
      throw new UsageError(`unknown cosim target '${opts.target}' (known: ${COSIM_TARGETS.join(', ')})`);
    }
    if ((opts.rtl !== undefined || opts.config !== undefined || opts.replay !== undefined) && opts.target === undefined) {
      throw new UsageError('--rtl, --config and --replay apply to one block: give --target too');
    }
    let runs = opts.runs ?? 200;
    let seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
    let replay: ReplayToken | undefined;
    if (opts.replay !== undefined) {
      if (opts.target === 'expr') throw new UsageError('--replay: --target expr has no counterexample tokens (replay with its --runs and --seed)');
      const { parseReplayToken } = await import('../../../testbench/cosim/replay-token.ts');
      const t = parseReplayToken(opts.replay);
      if (typeof t === 'string') throw new UsageError(`--replay: ${t}`);
      // A token replayed against another block, seed or run count would replay some other run (or none) and pass.
      if (t.target !== opts.target) throw new UsageError(`--replay: the token is for target '${t.target}', not '${opts.target}'`);
      if (opts.seed !== undefined && opts.seed !== t.seed) throw new UsageError(`--replay: the token is for seed ${t.seed}, not ${opts.seed}`);
      if (opts.runs !== undefined && opts.runs !== t.runs) throw new UsageError(`--replay: the token is for ${t.runs} runs, not ${opts.runs}`);
      ({ seed, runs } = t);
      replay = t;
    }
    if (opts.rtl !== undefined && sim === 'dsl') throw new UsageError('--rtl needs a Verilog simulator: use --sim verilator or --sim icarus');
    if (opts.target === 'expr' && (opts.rtl !== undefined || opts.config !== undefined)) {
      throw new UsageError('--target expr generates its own designs: --rtl and --config do not apply');
    }
    const targets = opts.target ? [opts.target] : COSIM_TARGETS;
    const results: Record<string, unknown>[] = [];
    const human: string[] = [];
    for (const target of targets) {
      const r = target === 'expr' ? await runExpr(sim, runs, seed, ctx) : await runSuite(target, sim, runs, seed, opts, replay, ctx);
      results.push(r.json);
      human.push(r.human);
    }
    const passed = results.every((r) => r.passed === true);
    const json = results.length === 1 ? results[0] : { target: 'all', sim, runs, seed, passed, results };
    return { exitCode: passed ? 0 : 1, json, human: `${human.join('\n')}\n` };
  },
});

async function runSuite(target: string, sim: Sim, runs: number, seed: number, opts: CosimOptions, replay: ReplayToken | undefined, ctx: CommandContext) {
  const { COSIM_SUITES, cosimConfigOf } = await import('../../../testbench/suites/index.ts');
  const { resolveTarget, loadParams, defaultParams } = await import('../design.ts');
  const { elaborate } = await import('../../../gen/index.ts');
  const { dutFromDesign, dutFromSources, startSimulator } = await import('../../../testbench/dut.ts');
  const { runCosim, formatReport } = await import('../../../testbench/cosim/run-cosim.ts');
  const { BUILD_DIR } = await import('../../../gen/tools/build-dir.ts');
  const { join } = await import('node:path');
  const suite = COSIM_SUITES[target];
  const t = resolveTarget(target);
  const config = cosimConfigOf(suite, opts.config === undefined ? undefined : loadParams(t, opts.config), () => defaultParams(t));
  const generated = dutFromDesign(elaborateNamingConfig(() => elaborate(suite.design(config)), opts.config));
  let dut = generated;
  const replayArgs: string[] = [];
  if (opts.config !== undefined) replayArgs.push(`--config ${opts.config}`);
  if (opts.rtl !== undefined) {
    const { readRtlDir } = await import('../rtl-dir.ts');
    const { readFileSync } = await import('node:fs');
    const dir = readRtlDir(opts.rtl, generated.iface.top);
    dut = dutFromSources(
      dir.files.map((f) => ({ name: f, text: readFileSync(join(dir.dir, f), 'utf8') })),
      generated.iface,
      opts.rtl,
    );
    replayArgs.push(`--rtl ${opts.rtl}`);
  }
  ctx.progress(`cosim ${target} [${suite.describeConfig(config)}] on ${sim}${opts.rtl ? ` with RTL from ${opts.rtl}` : ''}: starting the simulator`);
  // Registers start at random values from the run's seed (printed, so a failure replays): a missing reset shows.
  const simulator = await startSimulator(sim, dut, { randomInit: seed });
  try {
    ctx.progress(`cosim ${target}: ${runs} random runs, seed ${seed}`);
    const report = await runCosim(suite, config, simulator, {
      runs,
      seed,
      replay,
      replayArgs,
      vcdDir: join(BUILD_DIR, 'cosim'),
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

/** Errors in the design from a config file's parameters name the file, as gen/lint/synth do. */
function elaborateNamingConfig<T>(build: () => T, configFile: string | undefined): T {
  try {
    return build();
  } catch (err) {
    if (configFile !== undefined && err instanceof Error && (err.name === 'ElaborationError' || err.name === 'EmitError')) {
      err.message = `${err.message} (parameters from ${configFile})`;
    }
    throw err;
  }
}
