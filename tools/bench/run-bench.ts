// `neurotile bench`: side-by-side speed figures measured in one run on this
// machine. Every throughput figure is a median over several repetitions
// (with min, max and spread) after a warm-up to steady state, on the same
// stimulus for every backend, with a check that their outputs agree on
// every cycle. Also: one chip inference (emulator vs Verilator through the
// pipe vs Verilator in-process), the protocol's share of the pipe backends,
// model build cold vs cached, elaboration + emission of large designs.
import { mkdirSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { resolve } from 'node:path';
import { elaborate } from '../../gen/index.ts';
import type { ModuleDef } from '../../gen/index.ts';
import { emitVerilog } from '../../gen/emit/verilog.ts';
import { countIrNodes } from '../../gen/passes/stats.ts';
import { Fifo } from '../../gen/lib/fifo.ts';
import { SystolicArray } from '../../gen/examples/systolic.ts';
import { Mesh } from '../../rtl/chip/mesh.ts';
import { Chip } from '../../rtl/chip/chip.ts';
import { Crossbar } from '../../rtl/crossbar/index.ts';
import { Tile } from '../../rtl/tile/tile.ts';
import { REFERENCE_TILE } from '../../emulator/tile/index.ts';
import { tileSuite } from '../../testbench/suites/tile.ts';
import { chipSuite } from '../../testbench/suites/chip.ts';
import { dutFromDesign, startSimulator } from '../../testbench/dut.ts';
import { MODELS_DIR } from '../../testbench/model-cache.ts';
import { buildVerilatorModel } from '../../testbench/verilator/backend.ts';
import { formatSamplerBench, samplerBench, type SamplerBench } from './sampler-area.ts';
import { designThroughput, type AgreementCheck, type BenchBackend, type DesignWorkload, type ThroughputFigure } from './throughput.ts';
import { chipInference, type ChipInferenceFigures } from './chip-inference.ts';
import { fmtRate, pairedRatio, pairedRatios, summarize, type Spread } from './stats.ts';

export type { ThroughputFigure } from './throughput.ts';

/** Ratios of cycles/s: each the median over repetitions of the ratio within one interleaved repetition (pairedRatio). */
export interface DesignRatios {
  design: string;
  dslOverVerilator: number;
  dslOverVerilatorInproc: number;
  /** The repetitions' ratios behind the two above (absent when a backend was left out): a verdict near 1.0 is robust only if min..max stays on one side. */
  dslOverVerilatorPairs?: Spread;
  dslOverVerilatorInprocPairs?: Spread;
  /** Medians over each backend's own runs (Icarus runs apart, on a prefix of the stimulus). */
  verilatorOverIcarus?: number;
  /** Share of the Verilator pipe path's time spent outside the model (1 - pipe rate / in-process rate), binary batches. */
  verilatorProtocolShare: number;
  /** The same with hex-text batches (the protocol before binary framing). */
  verilatorTextProtocolShare: number;
}

export interface ElaborationFigure {
  design: string;
  irNodes: number;
  modules: number;
  elaborateSeconds: Spread;
  emitSeconds: Spread;
  /** elaborate + emit, median over the repetitions. */
  totalSeconds: number;
  /** elaborate + emit in CPU time of this process (user + system), median: less sensitive to a loaded machine. */
  totalCpuSeconds: number;
  verilogLines: number;
}

export interface BenchReport {
  machine: { cpus: number; node: string; loadAverage: number[] };
  quick: boolean;
  throughput: ThroughputFigure[];
  agreement: AgreementCheck[];
  ratios: DesignRatios[];
  /** The parts after the throughput; absent when `designs` or `backends` chose a subset (BenchOptions). */
  chipInference?: ChipInferenceFigures;
  verilatorBuild?: { design: string; coldSeconds: number; cachedStartSeconds: number };
  elaboration?: ElaborationFigure[];
  /** LFSR-free sampler vs an LFSR stream generator: area and energy per bit (tools/bench/sampler-area.ts). */
  sampler?: SamplerBench;
}

export interface BenchOptions {
  /** Short runs (for tests, tens of seconds once the models are built): the figures are then rough. */
  quick?: boolean;
  /** Only these designs (keys of BENCH_DESIGNS) and/or backends: the throughput part alone, for quick comparisons. */
  designs?: string[];
  backends?: BenchBackend[];
  progress?: (line: string) => void;
  /** Called after each part with (done, total, what): drives a progress bar. */
  onStep?: (done: number, total: number, what: string) => void;
}

export const BENCH_BACKENDS: BenchBackend[] = ['dsl', 'verilator', 'verilator-text', 'verilator-inproc', 'icarus'];
/** Short keys of the bench designs, in workloads() order (for --designs). */
export const BENCH_DESIGNS = ['fifo', 'mac', 'mesh', 'crossbar', 'tile', 'chip'] as const;

const routerConfig = (bits: number) => ({ xBits: bits, yBits: bits, idBits: 8, payloadBits: 0, fifoDepth: 4 });

/**
 * The bench designs. Steady-state warm-up of 300k cycles in full runs: V8 needs ~150k on the MAC
 * array, and the DSL simulator regenerates its code once with gates on cold blocks after 2^17
 * cycles of full evaluation (gen/sim/cold-gates.ts; ~150k cycles into the tile's run), whose new
 * code V8 then warms up again.
 */
function workloads(quick: boolean): DesignWorkload[] {
  const q = (full: number, short: number) => (quick ? short : full);
  const w = (name: string, design: () => ModuleDef, cycles: number, icarusCycles: number, seed: number): DesignWorkload => ({
    name,
    design: () => elaborate(design()),
    cycles: q(cycles, Math.max(200, Math.floor(cycles / 100))),
    warmup: q(300_000, 2_000),
    repetitions: q(7, 3), // 7: one slow spell of the machine moves a median of 7 paired ratios less than one of 5
    icarusCycles: q(icarusCycles, Math.min(400, icarusCycles)),
    seed,
  });
  const { hereX: _x, hereY: _y, ...tileParams } = tileSuite.defaultConfig;
  const crossbar = w('Crossbar(256x256)', () => Crossbar({ rows: 256, cols: 256, gbits: 4, adcBits: 8, adcShare: 8 }), 100_000, 2_000, 4);
  return [
    w('Fifo(8, 16)', () => Fifo(8, 16), 400_000, 40_000, 1),
    w('SystolicArray(16x16 MACs)', () => SystolicArray(16, 16, 8), 40_000, 400, 2),
    w('Mesh(4x4 routers)', () => Mesh(4, 4, routerConfig(2)), 40_000, 2_000, 3),
    {
      ...crossbar,
      // The bench does not program the array: an MVM over power-on memory reads X in Icarus,
      // which its ADC logic turns into definite but different codes, and 0 in the two-state
      // backends. Icarus's prefix keeps the spikes at 0 (MVMs that read no conductance); the
      // cosim suite programs the whole array and compares Icarus on full MVMs.
      bias: (port, cycle, value) => (port.name === 'start_spikes' && cycle < crossbar.icarusCycles ? 0n : value),
    },
    w(`Tile(${tileParams.rows}x${tileParams.cols})`, () => Tile(tileParams), 40_000, 2_000, 5),
    w(`Chip(${chipSuite.defaultConfig.width}x${chipSuite.defaultConfig.height} of ${chipSuite.defaultConfig.tile.rows}x${chipSuite.defaultConfig.tile.cols} tiles)`, () => Chip(chipSuite.defaultConfig), 40_000, 2_000, 6),
  ];
}

function elaborationFigure(name: string, make: () => ModuleDef, repetitions: number): ElaborationFigure {
  const el: number[] = [];
  const em: number[] = [];
  let last: { irNodes: number; modules: number; lines: number } | undefined;
  const cpu: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const design = elaborate(make());
    const t1 = performance.now();
    const emitted = emitVerilog(design);
    const t2 = performance.now();
    const c1 = process.cpuUsage(c0);
    cpu.push((c1.user + c1.system) / 1e6);
    el.push((t1 - t0) / 1000);
    em.push((t2 - t1) / 1000);
    last ??= { irNodes: countIrNodes(design), modules: design.modules.length, lines: emitted.files.reduce((k, f) => k + f.text.split('\n').length, 0) };
  }
  const totals = el.map((x, i) => x + em[i]!);
  return {
    design: name,
    irNodes: last!.irNodes,
    modules: last!.modules,
    elaborateSeconds: summarize(el),
    emitSeconds: summarize(em),
    totalSeconds: summarize(totals).median,
    totalCpuSeconds: summarize(cpu).median,
    verilogLines: last!.lines,
  };
}

export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const progress = options.progress ?? (() => {});
  const quick = options.quick ?? false;
  const subset = options.designs !== undefined || options.backends !== undefined;
  const designs = workloads(quick).filter((_, i) => !options.designs || options.designs.includes(BENCH_DESIGNS[i]!));
  const backends = BENCH_BACKENDS.filter((b) => !options.backends || options.backends.includes(b));
  // Parts: one per design (all backends), then (unless a subset was chosen) the chip inference, the build, elaboration, the sampler.
  const total = designs.length + (subset ? 0 : 4);
  let done = 0;
  const step = (what: string) => options.onStep?.(++done, total, what);
  const scratch = resolve(MODELS_DIR, '..', 'bench');
  mkdirSync(scratch, { recursive: true });
  const machine = { cpus: cpus().length, node: process.version, loadAverage: loadavg().map((x) => +x.toFixed(2)) };

  progress('simulator throughput (batches through each backend, same stimulus, median of repetitions after warm-up):');
  const throughput: ThroughputFigure[] = [];
  const agreement: AgreementCheck[] = [];
  const ratios: DesignRatios[] = [];
  for (const w of designs) {
    const r = await designThroughput(w, backends, scratch, progress);
    step(w.name);
    throughput.push(...r.figures);
    agreement.push(r.agreement);
    if (!r.agreement.agree) progress(`  OUTPUTS DIFFER on ${w.name}: ${r.agreement.firstMismatch}`);
    const figure = (b: BenchBackend) => r.figures.find((f) => f.backend === b)?.cyclesPerSecond;
    const rate = (b: BenchBackend) => figure(b)?.median ?? NaN;
    // Pairs of interleaved repetitions (throughput.ts); Icarus runs apart, on fewer cycles.
    const paired = (a: BenchBackend, b: BenchBackend) => pairedRatio(figure(a), figure(b));
    const icarus = rate('icarus');
    ratios.push({
      design: w.name,
      dslOverVerilator: paired('dsl', 'verilator'),
      dslOverVerilatorInproc: paired('dsl', 'verilator-inproc'),
      ...pairsOf('dslOverVerilatorPairs', pairedRatios(figure('dsl'), figure('verilator'))),
      ...pairsOf('dslOverVerilatorInprocPairs', pairedRatios(figure('dsl'), figure('verilator-inproc'))),
      ...(Number.isFinite(icarus) ? { verilatorOverIcarus: rate('verilator') / icarus } : {}),
      verilatorProtocolShare: 1 - paired('verilator', 'verilator-inproc'),
      verilatorTextProtocolShare: 1 - paired('verilator-text', 'verilator-inproc'),
    });
  }

  if (subset) return { machine, quick, throughput, agreement, ratios };

  const chip = await chipInference({ quick, scratchDir: scratch, progress });
  step('chip inference');

  progress('Verilator model build, cold vs cached:');
  const dut = dutFromDesign(elaborate(SystolicArray(4, 4, 8)));
  const salted = [...dut.sources, { name: 'bench_salt.v', text: `// bench ${process.pid} ${Date.now()}\n` }];
  const cold = await buildVerilatorModel(salted, dut.iface);
  const warmStart = performance.now();
  const sim = await startSimulator('verilator', { ...dut, sources: salted });
  await sim.cycle();
  const cachedStartSeconds = (performance.now() - warmStart) / 1000;
  await sim.close();
  progress(`  SystolicArray(4x4): cold build ${cold.seconds.toFixed(1)} s, cached start ${(cachedStartSeconds * 1000).toFixed(0)} ms`);
  step('Verilator build');

  progress('elaboration + emission:');
  const reps = quick ? 1 : 3;
  const n = quick ? 16 : 72;
  const chipSide = quick ? 2 : 4;
  const meshSide = quick ? 4 : 16;
  const elaboration = [
    elaborationFigure(`SystolicArray(${n}x${n}, flat)`, () => SystolicArray(n, n, 8, true), reps),
    elaborationFigure(`Chip(${chipSide}x${chipSide} of 256x256 tiles)`, () => Chip({ width: chipSide, height: chipSide, tile: { ...REFERENCE_TILE, xBits: 2, yBits: 2 } }), reps),
    elaborationFigure(`Mesh(${meshSide}x${meshSide} routers)`, () => Mesh(meshSide, meshSide, routerConfig(4)), reps),
  ];
  for (const e of elaboration) {
    progress(`  ${e.design}: ${e.irNodes} IR nodes, ${e.modules} modules, elaborate ${e.elaborateSeconds.median.toFixed(2)} s, emit ${e.emitSeconds.median.toFixed(2)} s, ${e.verilogLines} lines`);
  }

  step('elaboration');
  const sampler = await samplerBench({ quick, progress });
  step('sampler');

  return {
    machine,
    quick,
    throughput,
    agreement,
    ratios,
    chipInference: chip,
    verilatorBuild: { design: 'SystolicArray(4x4)', coldSeconds: cold.seconds, cachedStartSeconds },
    elaboration,
    sampler,
  };
}

// A ratio whose backend was left out (--backends) is NaN: shown as n/a.
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : 'n/a');
const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : 'n/a');
// The median ratio and, when there were pairs, their range: '0.96x (0.81..1.12)'.
const timesWithRange = (x: number, pairs: Spread | undefined) => `${times(x)}${pairs ? ` (${pairs.min.toFixed(2)}..${pairs.max.toFixed(2)})` : ''}`;

// A key with its value, or nothing (JSON stays free of undefined fields).
function pairsOf<K extends string>(key: K, pairs: Spread | undefined): { [k in K]?: Spread } {
  return pairs ? ({ [key]: pairs } as { [k in K]: Spread }) : {};
}

export function formatBench(r: BenchReport): string {
  const lines = [`neurotile bench (${r.machine.cpus} cpus, node ${r.machine.node}, load ${r.machine.loadAverage.join(' ')}${r.quick ? ', quick: rough figures' : ''})`, ''];
  lines.push('design                              backend            cycles/s (median, min..max)');
  for (const f of r.throughput) {
    const c = f.cyclesPerSecond;
    lines.push(`${f.design.padEnd(36)}${f.backend.padEnd(19)}${fmtRate(c.median).padEnd(10)}${fmtRate(c.min)}..${fmtRate(c.max)}`);
  }
  lines.push('', 'ratios (same design, same stimulus; median of the repetitions\' ratios, their range in brackets):');
  for (const x of r.ratios) {
    lines.push(
      `  ${x.design}: DSL/Verilator ${timesWithRange(x.dslOverVerilator, x.dslOverVerilatorPairs)}, DSL/Verilator in-process ${timesWithRange(x.dslOverVerilatorInproc, x.dslOverVerilatorInprocPairs)}` +
        `${x.verilatorOverIcarus ? `, Verilator/Icarus ${x.verilatorOverIcarus.toFixed(0)}x` : ''}; protocol share ${pct(x.verilatorProtocolShare)} (text batches ${pct(x.verilatorTextProtocolShare)})`,
    );
  }
  lines.push('', 'outputs agree on every cycle:');
  for (const a of r.agreement) lines.push(`  ${a.design}: ${a.agree ? 'yes' : `NO (${a.firstMismatch})`} (${a.compared.join(', ')}; ${a.cycles} cycles compared)`);
  const c = r.chipInference;
  if (!c || !r.verilatorBuild || !r.elaboration || !r.sampler) return lines.join('\n');
  const ms = (s: Spread) => `${(s.median * 1000).toFixed(1)} ms (${(s.min * 1000).toFixed(1)}..${(s.max * 1000).toFixed(1)})`;
  lines.push(
    '',
    `chip inference (${c.chip}; ${c.images} images after ${c.warmupImages} warm-up, ~${c.cyclesPerInference[0]} cycles each):`,
    `  emulator ${ms(c.emulator)}, Verilator (pipe) ${ms(c.verilator)}, Verilator in-process ${ms(c.verilatorInproc)}`,
    `  emulator ${c.emulatorOverVerilator.toFixed(1)}x faster than Verilator (pipe), ${c.emulatorOverVerilatorInproc.toFixed(1)}x than Verilator in-process; outputs ${c.outputsAgree ? 'agree' : `DIFFER (${c.firstMismatch})`}, counters ${c.countersAgree ? 'agree' : 'DIFFER'}`,
    '',
    `Verilator build (${r.verilatorBuild.design}): cold ${r.verilatorBuild.coldSeconds.toFixed(1)} s, cached start ${(r.verilatorBuild.cachedStartSeconds * 1000).toFixed(0)} ms`,
  );
  for (const e of r.elaboration) {
    lines.push(`elaboration (${e.design}): ${e.irNodes} IR nodes, elaborate ${e.elaborateSeconds.median.toFixed(2)} s + emit ${e.emitSeconds.median.toFixed(2)} s = ${e.totalSeconds.toFixed(2)} s (CPU ${e.totalCpuSeconds.toFixed(2)} s)`);
  }
  lines.push('', formatSamplerBench(r.sampler));
  return lines.join('\n');
}

/** The bench's own checks: every backend's outputs agree, and the RTL matches the emulator in the chip inference. */
export function benchPassed(r: BenchReport): boolean {
  return r.agreement.every((a) => a.agree) && (!r.chipInference || (r.chipInference.outputsAgree && r.chipInference.countersAgree));
}
