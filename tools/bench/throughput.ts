// Simulator throughput of one design on every backend, in steady state: a
// warm-up batch (JIT, caches), then several timed repetitions over the same
// stimulus for every backend, and a check that the backends' outputs agree
// on every cycle of every repetition.
import type { IrDesign } from '../../gen/ir.ts';
import { dutFromDesign, startSimulator, type DeviceUnderTest } from '../../testbench/dut.ts';
import type { PipeSimulator } from '../../testbench/pipe-simulator.ts';
import { startVerilator } from '../../testbench/verilator/backend.ts';
import { BatchResult, type Simulator } from '../../testbench/simulator.ts';
import { BatchValues } from '../../testbench/reply-parser.ts';
import { summarize, fmtRate, type Spread } from './stats.ts';
import { collectYoungGarbage } from './gc.ts';
import { randomRows, type StimulusBias } from './stimulus.ts';

/**
 * Backends as the bench names them: `verilator` goes through the pipe with binary batches,
 * `verilator-text` through the pipe with hex-text batches (the protocol before binary framing),
 * `verilator-inproc` is the same model run from a file inside its own process (no protocol).
 */
export type BenchBackend = 'dsl' | 'verilator' | 'verilator-text' | 'verilator-inproc' | 'icarus';

export interface DesignWorkload {
  name: string;
  design: () => IrDesign;
  /** Cycles per timed repetition, and of the warm-up before them. */
  cycles: number;
  warmup: number;
  repetitions: number;
  /** Icarus is ~100x slower: it runs this many cycles of the same stimulus (0: skipped). */
  icarusCycles: number;
  seed: number;
  bias?: StimulusBias;
}

export interface ThroughputFigure {
  design: string;
  backend: BenchBackend;
  cyclesPerRepetition: number;
  repetitions: number;
  warmupCycles: number;
  /** cycles per second: median over the repetitions, with min, max and spread. */
  cyclesPerSecond: Spread;
}

export interface AgreementCheck {
  design: string;
  /** Backends whose outputs were compared with the DSL simulator's (or Verilator's) on every cycle. */
  compared: BenchBackend[];
  cycles: number;
  agree: boolean;
  firstMismatch?: string;
}

/** Compares two batch results on every cycle and output; Icarus X/Z values are skipped. */
export function firstMismatch(a: BatchResult, b: BatchResult, rowOffset = 0): string | undefined {
  const unknown = new Set(b.unknown.map((u) => u.row * 100000 + u.port));
  const n = Math.min(a.cycles, b.cycles);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < a.outputs.length; k++) {
      if (unknown.has(r * 100000 + k)) continue;
      const x = a.getAt(r, k);
      const y = b.getAt(r, k);
      if (x !== y) return `cycle ${rowOffset + r}, output '${a.outputs[k]!.name}': 0x${x.toString(16)} vs 0x${y.toString(16)}`;
    }
  }
  if (a.cycles !== b.cycles) return `${a.cycles} vs ${b.cycles} cycles`;
  return undefined;
}

/** One backend's simulator and how a batch is timed on it. */
interface Contender {
  backend: BenchBackend;
  sim: Simulator;
  /** Runs `rows`, returning the result and the seconds it took. */
  run(rows: (number | bigint)[][]): Promise<{ result: BatchResult; seconds: number }>;
}

function contender(backend: BenchBackend, sim: Simulator, scratchDir: string): Contender {
  if (backend === 'verilator-inproc') {
    // The same model reading the batch from a file inside its own process: the time it reports.
    const pipe = sim as PipeSimulator;
    return { backend, sim, run: (rows) => pipe.fileRun(rows, scratchDir) };
  }
  return {
    backend,
    sim,
    async run(rows) {
      const t = performance.now();
      const result = await sim.runBatch(rows);
      return { result, seconds: (performance.now() - t) / 1000 };
    },
  };
}

/**
 * Every backend's warm-up, then repetition i on every backend in turn (the order rotating by
 * one each repetition): this machine's speed drifts by 20-40% over tens of seconds, and one
 * backend's repetitions all in a slow spell made a ratio of medians swing (the tile's
 * DSL/Verilator 0.70-1.51 over runs of the same code). Interleaved, repetition i of every
 * backend ran at nearly the same time, so the ratio of repetition i is a fair pair. Each timed
 * run starts on a collected young generation (gc.ts), so no backend pays for another's
 * short-lived garbage.
 */
async function interleavedRuns(contenders: Contender[], warm: (number | bigint)[][], reps: (number | bigint)[][][]): Promise<Map<BenchBackend, { warm?: BatchResult; results: BatchResult[]; seconds: number[] }>> {
  const runs = new Map(contenders.map((c) => [c.backend, { warm: undefined as BatchResult | undefined, results: [] as BatchResult[], seconds: [] as number[] }]));
  for (const c of contenders) if (warm.length) runs.get(c.backend)!.warm = (await c.run(warm)).result;
  for (let i = 0; i < reps.length; i++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(i + k) % contenders.length]!;
      collectYoungGarbage();
      const { result, seconds } = await c.run(reps[i]!);
      runs.get(c.backend)!.results.push(result);
      runs.get(c.backend)!.seconds.push(seconds);
    }
  }
  return runs;
}

export async function designThroughput(
  w: DesignWorkload,
  backends: BenchBackend[],
  scratchDir: string,
  progress: (line: string) => void,
): Promise<{ figures: ThroughputFigure[]; agreement: AgreementCheck; dut: DeviceUnderTest }> {
  const dut = dutFromDesign(w.design());
  const all = randomRows(dut.iface, w.warmup + w.cycles * w.repetitions, w.seed, w.bias);
  const warm = all.slice(0, w.warmup);
  const reps = Array.from({ length: w.repetitions }, (_, i) => all.slice(w.warmup + i * w.cycles, w.warmup + (i + 1) * w.cycles));
  const figures: ThroughputFigure[] = [];
  const outputs = new Map<BenchBackend, BatchResult[]>();
  let refWarm: BatchResult | undefined;
  let icarus: { parts: BatchResult[]; offsets: number[] } | undefined;
  if (backends.includes('icarus') && w.icarusCycles > 0) {
    const sim = await startSimulator('icarus', dut);
    try {
      const rows = all.slice(0, w.icarusCycles);
      const half = rows.length >> 1;
      await sim.runBatch(rows.slice(0, half)); // warm-up (caches), then two timed halves
      const secs: number[] = [];
      const parts: BatchResult[] = [];
      for (const part of [rows.slice(half, half + (half >> 1)), rows.slice(half + (half >> 1))]) {
        const t = performance.now();
        parts.push(await sim.runBatch(part));
        secs.push((performance.now() - t) / 1000);
      }
      const sizes = [half >> 1, rows.length - half - (half >> 1)];
      figures.push({ design: w.name, backend: 'icarus', cyclesPerRepetition: sizes[0]!, repetitions: 2, warmupCycles: half, cyclesPerSecond: summarize(secs.map((s, i) => sizes[i]! / s)) });
      icarus = { parts, offsets: [half, half + (half >> 1)] };
      progress(`  ${w.name} on icarus: ${fmtRate(figures[figures.length - 1]!.cyclesPerSecond.median)} cycles/s`);
    } finally {
      await sim.close();
    }
  }
  const timed = backends.filter((b) => b !== 'icarus');
  const contenders: Contender[] = [];
  try {
    for (const backend of timed) {
      const sim = backend === 'verilator-text' ? await startVerilator(dut.sources, dut.iface, { textBatches: true }) : await startSimulator(backend === 'verilator-inproc' ? 'verilator' : backend, dut);
      contenders.push(contender(backend, sim, scratchDir));
    }
    const runs = await interleavedRuns(contenders, warm, reps);
    for (const backend of timed) {
      const run = runs.get(backend)!;
      const cps = summarize(run.seconds.map((s) => w.cycles / s));
      figures.push({ design: w.name, backend, cyclesPerRepetition: w.cycles, repetitions: w.repetitions, warmupCycles: w.warmup, cyclesPerSecond: cps });
      outputs.set(backend, run.results);
      if (backend === 'dsl' || (backend === 'verilator' && !refWarm)) refWarm = run.warm;
      progress(`  ${w.name} on ${backend}: ${fmtRate(cps.median)} cycles/s (median of ${w.repetitions} x ${w.cycles} cycles, spread ${cps.spreadPercent.toFixed(0)}%)`);
    }
  } finally {
    // Close every simulator (their processes) even when one close fails; the first failure is reported.
    const closed = await Promise.allSettled(contenders.map((c) => c.sim.close()));
    const failed = closed.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (failed) throw failed.reason;
  }
  const check = agreement(w, outputs);
  // Icarus ran a prefix of the stimulus (inside the others' warm-up): compare it there (X/Z skipped).
  if (icarus && refWarm && check.agree) {
    check.compared.push('icarus');
    for (let i = 0; i < icarus.parts.length; i++) {
      const part = icarus.parts[i]!;
      const m = firstMismatch(sliceResult(refWarm, icarus.offsets[i]!, part.cycles), part, icarus.offsets[i]!);
      check.cycles += part.cycles;
      if (m) {
        check.agree = false;
        check.firstMismatch = `icarus: ${m}`;
        break;
      }
    }
  }
  return { figures, agreement: check, dut };
}

/** Rows [start, start + n) of a batch result. */
function sliceResult(r: BatchResult, start: number, n: number): BatchResult {
  const v = new BatchValues(n, r.values.widths);
  r.values.columns.forEach((column, k) => v.columns[k].set(column.subarray(start, start + n)));
  const wk = r.values.wideCount;
  if (wk) for (let i = 0; i < n * wk; i++) v.wide[i] = r.values.wide[start * wk + i];
  return new BatchResult(r.outputs, v);
}

function agreement(w: DesignWorkload, outputs: Map<BenchBackend, BatchResult[]>): AgreementCheck {
  const ref = outputs.get('dsl') ?? outputs.get('verilator');
  const compared = [...outputs.keys()];
  if (!ref) return { design: w.name, compared, cycles: 0, agree: true };
  let cycles = 0;
  for (const [backend, results] of outputs) {
    if (results === ref) continue;
    for (let i = 0; i < results.length; i++) {
      const m = firstMismatch(ref[i]!, results[i]!, w.warmup + i * w.cycles);
      cycles += results[i]!.cycles;
      if (m) return { design: w.name, compared, cycles, agree: false, firstMismatch: `${backend}: ${m}` };
    }
  }
  return { design: w.name, compared, cycles, agree: true };
}
