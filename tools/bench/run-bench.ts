// `neurotile bench`: side-by-side speed figures measured in one run on this
// machine: the same design and stimulus on every backend, model build cold
// vs cached, and elaboration + emission of a ~100k-node design.
import type { IrDesign } from '../../gen/ir.ts';
import { elaborate } from '../../gen/index.ts';
import { emitVerilog } from '../../gen/emit/verilog.ts';
import { countIrNodes } from '../../gen/passes/stats.ts';
import { compileSim } from '../../gen/sim/compile.ts';
import { Fifo } from '../../gen/lib/fifo.ts';
import { SystolicArray } from '../../gen/examples/systolic.ts';
import { dutFromDesign, startSimulator } from '../../testbench/dut.ts';
import { buildVerilatorModel } from '../../testbench/verilator/backend.ts';
import type { Backend } from '../../testbench/simulator.ts';
import { formatSamplerBench, samplerBench, type SamplerBench } from './sampler-area.ts';

export interface ThroughputFigure {
  design: string;
  backend: Backend | 'dsl-direct';
  cycles: number;
  seconds: number;
  cyclesPerSecond: number;
}

export interface BenchReport {
  machine: { cpus: number; node: string };
  throughput: ThroughputFigure[];
  ratios: { design: string; dslOverVerilator: number; dslOverIcarus: number; verilatorOverIcarus: number }[];
  verilatorBuild: { design: string; coldSeconds: number; cachedStartSeconds: number };
  elaboration: { design: string; irNodes: number; elaborateSeconds: number; emitSeconds: number; verilogLines: number };
  /** LFSR-free sampler vs an LFSR stream generator: area and energy per bit (tools/bench/sampler-area.ts). */
  sampler: SamplerBench;
}

export interface BenchOptions {
  /** Fewer cycles (for tests): the figures are then rough. */
  quick?: boolean;
  progress?: (line: string) => void;
  /** Called after each measurement with (done, total, what): drives a progress bar. */
  onStep?: (done: number, total: number, what: string) => void;
}

/** Measurements runBench makes: 2 designs x (3 backends + direct DSL calls), the Verilator build, elaboration, the sampler. */
export const BENCH_STEPS = 2 * 4 + 3;

/** Deterministic pseudo-random stimulus (the same rows for every backend). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

interface Workload {
  name: string;
  design: IrDesign;
  /** One row of input values per cycle, in the top's input order. */
  rows(cycles: number): number[][];
  cycles: Record<Backend, number>;
}

function fifoWorkload(quick: boolean): Workload {
  const design = elaborate(Fifo(8, 16));
  return {
    name: 'Fifo(8, 16)',
    design,
    // inputs: reset, enq_valid, enq_bits, deq_ready
    rows(cycles) {
      const next = lcg(1);
      return Array.from({ length: cycles }, (_, i) => {
        const r = next();
        return [i === 0 ? 1 : 0, r & 1, (r >>> 8) & 255, (r >>> 16) % 3 === 0 ? 0 : 1];
      });
    },
    cycles: quick ? { dsl: 20_000, verilator: 20_000, icarus: 2_000 } : { dsl: 2_000_000, verilator: 2_000_000, icarus: 50_000 },
  };
}

function systolicWorkload(quick: boolean): Workload {
  const design = elaborate(SystolicArray(16, 16, 8));
  return {
    name: 'SystolicArray(16x16 MACs)',
    design,
    // inputs: reset, a_in_0..15, b_in_0..15 (8-bit bit patterns), valid, clear
    rows(cycles) {
      const next = lcg(2);
      return Array.from({ length: cycles }, (_, i) => [
        i === 0 ? 1 : 0,
        ...Array.from({ length: 32 }, () => next() >>> 24),
        1,
        i % 64 === 0 ? 1 : 0,
      ]);
    },
    cycles: quick ? { dsl: 1_000, verilator: 2_000, icarus: 50 } : { dsl: 100_000, verilator: 200_000, icarus: 300 },
  };
}

async function throughput(w: Workload, backend: Backend, progress: (l: string) => void): Promise<ThroughputFigure> {
  const sim = await startSimulator(backend, dutFromDesign(w.design));
  try {
    const cycles = w.cycles[backend];
    const rows = w.rows(cycles);
    await sim.runBatch(rows.slice(0, Math.min(1000, cycles))); // warm-up (JIT, caches)
    const start = performance.now();
    await sim.runBatch(rows);
    const seconds = (performance.now() - start) / 1000;
    const figure = { design: w.name, backend, cycles, seconds, cyclesPerSecond: cycles / seconds };
    progress(`  ${w.name} on ${backend}: ${fmt(figure.cyclesPerSecond)} cycles/s (${cycles} cycles)`);
    return figure;
  } finally {
    await sim.close();
  }
}

/** The DSL simulator driven directly through its index API (no Simulator wrapper, no batches). */
function dslDirect(w: Workload, progress: (l: string) => void): ThroughputFigure {
  const sim = compileSim(w.design);
  const top = w.design.modules.find((m) => m.name === w.design.top)!;
  const inputs = top.ports.filter((p) => p.dir === 'input' && p.role !== 'clock').map((p) => sim.portIndex(p.name));
  const outputs = top.ports.filter((p) => p.dir === 'output').map((p) => sim.portIndex(p.name));
  const cycles = w.cycles.dsl;
  const rows = w.rows(cycles);
  const runRows = (list: number[][]) => {
    for (const row of list) {
      for (let k = 0; k < inputs.length; k++) sim.pokeIndex(inputs[k], row[k]);
      for (const o of outputs) sink ^= Number(sim.peekIndex(o)) & 1;
      sim.step(1);
    }
  };
  let sink = 0;
  runRows(rows.slice(0, Math.min(1000, cycles))); // warm-up, as for the other backends
  const start = performance.now();
  for (const row of rows) {
    for (let k = 0; k < inputs.length; k++) sim.pokeIndex(inputs[k], row[k]);
    for (const o of outputs) sink ^= Number(sim.peekIndex(o)) & 1;
    sim.step(1);
  }
  const seconds = (performance.now() - start) / 1000;
  const figure = { design: w.name, backend: 'dsl-direct' as const, cycles, seconds, cyclesPerSecond: cycles / seconds + sink * 0 };
  progress(`  ${w.name} on the DSL simulator, direct calls: ${fmt(figure.cyclesPerSecond)} cycles/s`);
  return figure;
}

function fmt(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0);
}

export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const progress = options.progress ?? (() => {});
  const quick = options.quick ?? false;
  let steps = 0;
  const step = (what: string) => options.onStep?.(++steps, BENCH_STEPS, what);
  const { cpus, version } = await import('node:os').then((os) => ({ cpus: os.cpus().length, version: process.version }));

  progress('simulator throughput (batch mode through each backend, same stimulus):');
  const throughputFigures: ThroughputFigure[] = [];
  const ratios: BenchReport['ratios'] = [];
  for (const w of [fifoWorkload(quick), systolicWorkload(quick)]) {
    const by: Partial<Record<Backend, number>> = {};
    for (const backend of ['dsl', 'verilator', 'icarus'] as Backend[]) {
      const f = await throughput(w, backend, progress);
      step(`${w.name} on ${backend}`);
      throughputFigures.push(f);
      by[backend] = f.cyclesPerSecond;
    }
    throughputFigures.push(dslDirect(w, progress));
    step(`${w.name}, DSL direct`);
    ratios.push({
      design: w.name,
      dslOverVerilator: by.dsl! / by.verilator!,
      dslOverIcarus: by.dsl! / by.icarus!,
      verilatorOverIcarus: by.verilator! / by.icarus!,
    });
  }

  progress('Verilator model build, cold vs cached:');
  const dut = dutFromDesign(elaborate(SystolicArray(4, 4, 8)));
  const salted = [...dut.sources, { name: 'bench_salt.v', text: `// bench ${process.pid} ${Date.now()}\n` }];
  const cold = await buildVerilatorModel(salted, dut.iface);
  const warmStart = performance.now();
  const sim = await startSimulator('verilator', { ...dut, sources: salted });
  await sim.cycle();
  const cachedStartSeconds = (performance.now() - warmStart) / 1000;
  await sim.close();
  step('Verilator build');
  progress(`  SystolicArray(4x4): cold build ${cold.seconds.toFixed(1)} s, cached start ${(cachedStartSeconds * 1000).toFixed(0)} ms`);

  progress('elaboration + emission of a large flat design:');
  const n = quick ? 16 : 72;
  const t0 = performance.now();
  const big = elaborate(SystolicArray(n, n, 8, true));
  const t1 = performance.now();
  const emitted = emitVerilog(big);
  const t2 = performance.now();
  const elaboration = {
    design: `SystolicArray(${n}x${n}, flat)`,
    irNodes: countIrNodes(big),
    elaborateSeconds: (t1 - t0) / 1000,
    emitSeconds: (t2 - t1) / 1000,
    verilogLines: emitted.files.reduce((k, f) => k + f.text.split('\n').length, 0),
  };
  progress(`  ${elaboration.design}: ${elaboration.irNodes} IR nodes, elaborate ${elaboration.elaborateSeconds.toFixed(2)} s, emit ${elaboration.emitSeconds.toFixed(2)} s, ${elaboration.verilogLines} lines`);

  step('elaboration');
  const sampler = await samplerBench({ quick, progress });
  step('sampler');

  return {
    machine: { cpus, node: version },
    throughput: throughputFigures,
    ratios,
    verilatorBuild: { design: 'SystolicArray(4x4)', coldSeconds: cold.seconds, cachedStartSeconds },
    elaboration,
    sampler,
  };
}

export function formatBench(r: BenchReport): string {
  const lines = [`neurotile bench (${r.machine.cpus} cpus, node ${r.machine.node})`, '', 'design                      backend      cycles/s'];
  for (const f of r.throughput) lines.push(`${f.design.padEnd(28)}${f.backend.padEnd(13)}${fmt(f.cyclesPerSecond)}`);
  lines.push('', 'ratios (same design, same stimulus):');
  for (const x of r.ratios) {
    lines.push(
      `  ${x.design}: DSL/Verilator ${x.dslOverVerilator.toFixed(2)}x, DSL/Icarus ${x.dslOverIcarus.toFixed(1)}x, Verilator/Icarus ${x.verilatorOverIcarus.toFixed(1)}x`,
    );
  }
  lines.push(
    '',
    `Verilator build (${r.verilatorBuild.design}): cold ${r.verilatorBuild.coldSeconds.toFixed(1)} s, cached start ${(r.verilatorBuild.cachedStartSeconds * 1000).toFixed(0)} ms`,
    `elaboration (${r.elaboration.design}): ${r.elaboration.irNodes} IR nodes, elaborate ${r.elaboration.elaborateSeconds.toFixed(2)} s, emit ${r.elaboration.emitSeconds.toFixed(2)} s`,
    '',
    formatSamplerBench(r.sampler),
  );
  return lines.join('\n');
}
