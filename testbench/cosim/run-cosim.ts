// Runs a co-simulation suite on one backend: fast-check generates command
// lists, the reference model says what must come out, the simulator runs the
// whole list as one batch, and a mismatch is shrunk, reported with its seed
// and a replay command, and rerun once with a VCD.
import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Backend, Simulator } from '../simulator.ts';
import { inputsOf } from '../ports.ts';
import { CycleRecorder, record, resetCommand, type CosimState } from './cycle-model.ts';
import { describeMismatch, firstMismatch, type Mismatch } from './compare.ts';
import type { CommandList, CosimSuite } from './suite.ts';
import { formatReplayToken } from './replay-token.ts';

export interface CosimRunOptions {
  runs: number;
  seed: number;
  /** The counterexample to replay (its seed and run count are options.seed and options.runs). */
  replay?: { path: string; commands: string };
  /** Extra words for the replay command line (e.g. `--rtl DIR`). */
  replayArgs?: string[];
  vcdDir?: string;
}

export interface Counterexample {
  commands: string[];
  failure: string;
  path: string;
  replay: string;
  vcd?: string;
}

export interface CosimReport {
  target: string;
  sim: Backend;
  config: string;
  runs: number;
  seed: number;
  passed: boolean;
  cycles: number;
  seconds: number;
  counterexample?: Counterexample;
}

/**
 * A run that failed for another reason than a model mismatch: the simulator
 * crashed or broke the protocol, or the model does not cover an output. Not
 * shrunk (the process may be dead) and reported with the simulator's last output.
 */
export class CosimRunError extends Error {
  override name = 'CosimRunError';
}

class CosimMismatch extends Error {
  constructor(readonly mismatch: Mismatch) {
    super(describeMismatch(mismatch));
  }
}

/** Inputs of each recorded cycle as a batch row, in the simulator's port order. */
function rows(sim: Simulator, rec: CycleRecorder): bigint[][] {
  const inputs = inputsOf(sim.iface);
  return rec.inputs.map((values, cycle) =>
    inputs.map((p) => {
      const v = values[p.name];
      if (v === undefined) throw new Error(`cycle ${cycle}: no value for input '${p.name}' (add it to the suite's defaults)`);
      return v;
    }),
  );
}

export async function runCosim<P>(suite: CosimSuite<P>, config: P, sim: Simulator, options: CosimRunOptions): Promise<CosimReport> {
  const start = performance.now();
  let cycles = 0;
  const hasReset = sim.iface.ports.some((p) => p.name === 'reset' && p.dir === 'input');
  const runOnce = async (commands: CommandList): Promise<{ rec: CycleRecorder; mismatch?: Mismatch }> => {
    const state: CosimState = { model: suite.model(config), defaults: { ...suite.defaults(config), ...(hasReset ? { reset: 0n } : {}) } };
    const rec = record(hasReset ? [resetCommand(), ...commands] : commands, state);
    const batch = await sim.runBatch(rows(sim, rec));
    cycles += rec.inputs.length;
    return { rec, mismatch: firstMismatch(rec, batch) };
  };
  const path = options.replay?.path;
  const replayPath = options.replay?.commands || undefined;
  let runError: Error | undefined;
  const property = fc.asyncProperty(suite.commands(config, replayPath), async (commands) => {
    // After an error the simulator may be gone: let fast-check finish at once instead of shrinking against it.
    if (runError) return;
    let mismatch: Mismatch | undefined;
    try {
      ({ mismatch } = await runOnce(commands));
    } catch (err) {
      runError = err instanceof Error ? err : new Error(String(err));
      return;
    }
    if (mismatch) throw new CosimMismatch(mismatch);
  });
  const details = await fc.check(property, {
    numRuns: options.runs,
    seed: options.seed,
    path,
    endOnFailure: false,
  });
  if (runError) {
    throw new CosimRunError(`cosim ${suite.target} on ${sim.backend} (seed ${options.seed}): a run failed with an error, not a model mismatch: ${runError.message}`);
  }
  const report: CosimReport = {
    target: suite.target,
    sim: sim.backend,
    config: suite.describeConfig(config),
    runs: details.numRuns,
    seed: options.seed,
    passed: !details.failed,
    cycles,
    seconds: 0,
  };
  if (details.failed) {
    const commands = details.counterexample?.[0] as CommandList | undefined;
    const token = formatReplayToken({
      target: suite.target,
      seed: options.seed,
      runs: options.runs,
      path: details.counterexamplePath ?? '0',
      commands: commands ? commandsReplayPath(commands) : '',
    });
    const failure = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const replay = [
      'npx neurotile cosim',
      `--target ${suite.target}`,
      `--sim ${sim.backend}`,
      `--seed ${options.seed}`,
      `--replay '${token}'`,
      ...(options.replayArgs ?? []),
    ].join(' ');
    report.counterexample = { commands: commands ? [...commands].map(String) : [], failure, path: token, replay };
    if (commands && options.vcdDir) report.counterexample.vcd = await writeFailureVcd(sim, commands, runOnce, options.vcdDir, suite.target, options.seed);
  }
  report.seconds = (performance.now() - start) / 1000;
  return report;
}

/** fast-check's replay metadata for a command list (printed in its toString as /*replayPath="..."*\/). */
function commandsReplayPath(commands: CommandList): string {
  return /replayPath="([^"]*)"/.exec(String(commands))?.[1] ?? '';
}

/** Reruns the shrunk counterexample with tracing on. */
async function writeFailureVcd(
  sim: Simulator,
  commands: CommandList,
  runOnce: (c: CommandList) => Promise<unknown>,
  dir: string,
  target: string,
  seed: number,
): Promise<string | undefined> {
  mkdirSync(dir, { recursive: true });
  const path = resolve(join(dir, `${target}-${sim.backend}-seed${seed}.vcd`));
  try {
    await sim.trace(path);
    await runOnce(commands);
    await sim.trace(null);
    await sim.cycle(); // sync: the VCD is flushed once this returns
    return path;
  } catch {
    return undefined;
  }
}

export function formatReport(r: CosimReport): string {
  const head = `${r.passed ? 'PASS' : 'FAIL'} cosim ${r.target} on ${r.sim} [${r.config}]: ${r.runs} runs, ${r.cycles} cycles, seed ${r.seed}, ${r.seconds.toFixed(2)} s`;
  if (!r.counterexample) return head;
  const c = r.counterexample;
  return [
    head,
    `  mismatch: ${c.failure}`,
    `  shrunk counterexample (${c.commands.length} commands after the reset):`,
    ...c.commands.map((cmd, i) => `    ${i + 1}. ${cmd}`),
    `  replay: ${c.replay}`,
    ...(c.vcd ? [`  waveform: ${c.vcd}`] : []),
  ].join('\n');
}
