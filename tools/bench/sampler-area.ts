// `neurotile bench`, sampler section: area of the LFSR-free sampler (8 lanes,
// 8-bit numbers) against a conventional LFSR-plus-comparator stream generator
// with the same lanes and precision (tools/bench/baselines), with Yosys
// generic cells and iCE40 LUTs (nextpnr for Fmax), and the energy per random
// bit from the sampler's measured activity (device reads, ADC conversions)
// against the 360 fJ per sample of a CMOS RNG (../shared/REFERENCES.md).
import { elaborate, type ModuleDef } from '../../gen/index.ts';
import { emitVerilog } from '../../gen/emit/verilog.ts';
import { Sampler, SamplerDigital, SamplerLane, DEFAULT_SAMPLER_CONFIG, macroConfig } from '../../rtl/sampler/index.ts';
import { CrossbarController } from '../../rtl/crossbar/index.ts';
import { collectBits, energyPerBit, entropyProgram, loadProgram, runUntilConverged, SamplerCore, samplerParams, type BitEnergy } from '../../emulator/sampler/index.ts';
import { Ice40DoesNotFit, runSynth, type SynthArch, type SynthReport } from '../synth/run-synth.ts';
import { LfsrStreamGenerator } from './baselines/lfsr-sng.ts';

export const AREA_LANES = 8;
export const AREA_BITS = 8;

export interface AreaFigure {
  design: string;
  arch: SynthArch;
  cells: number;
  flipFlops: number;
  luts?: number;
  carries?: number;
  brams?: number;
  fmaxMHz?: number;
}

export interface SamplerBench {
  lanes: number;
  bits: number;
  area: AreaFigure[];
  /** Sampler logic + macro interface (no twin) over the LFSR baseline. */
  ratio: { genericCells: number; ice40Luts?: number; flipFlops: number };
  throughput: { samplerBitsPerCyclePerLane: number; lfsrBitsPerCyclePerLane: number; samplerCyclesPerNumber: number };
  energy: BitEnergy & { readsPerBit: number; rawBitsPerBit: number; deviceReadsPerBit: number };
}

async function synth(def: ModuleDef, arch: SynthArch): Promise<SynthReport> {
  const design = elaborate(def);
  const files = emitVerilog(design).files.map((f) => ({ path: f.path, text: f.text }));
  try {
    return await runSynth(files, design.top, arch);
  } catch (err) {
    // The blocks have more pins than an iCE40 package (on a chip they are internal): LUTs from Yosys, no place and route.
    if (arch === 'ice40' && err instanceof Ice40DoesNotFit && err.pins) return runSynth(files, design.top, 'ice40', { placeAndRoute: false });
    throw err;
  }
}

const figure = (name: string, r: SynthReport): AreaFigure => ({
  design: name,
  arch: r.arch,
  cells: r.cells,
  flipFlops: r.flipFlops,
  ...(r.arch === 'ice40' ? { luts: r.luts, carries: r.carries, brams: r.brams, fmaxMHz: r.fmaxMHz } : {}),
});

export async function samplerBench(options: { quick?: boolean; progress?: (line: string) => void } = {}): Promise<SamplerBench> {
  const progress = options.progress ?? (() => {});
  const config = { ...DEFAULT_SAMPLER_CONFIG, lanes: AREA_LANES, numberBits: AREA_BITS };
  const both: SynthArch[] = options.quick ? ['generic'] : ['generic', 'ice40'];
  const designs: [string, ModuleDef, SynthArch[]][] = [
    [`sampler logic + macro interface (${AREA_LANES} lanes, no twin)`, SamplerDigital(config), both],
    [`LFSR + comparator baseline (${AREA_LANES} lanes, ${AREA_BITS}-bit)`, LfsrStreamGenerator(AREA_LANES, AREA_BITS), both],
    // Where the sampler's area goes: one lane (x8), the macro's interface controller, the rest is the register map.
    ['  of which: one sampler lane', SamplerLane(config), ['generic']],
    ['  of which: the macro interface controller', CrossbarController(macroConfig(config)), ['generic']],
    ...(options.quick ? [] : [[`sampler with the twin (FPGA emulation of the macro)`, Sampler(config), ['generic']] as [string, ModuleDef, SynthArch[]]]),
  ];
  const area: AreaFigure[] = [];
  progress('sampler vs LFSR area (Yosys generic cells, iCE40 LUTs):');
  for (const [name, def, archs] of designs) {
    for (const arch of archs) {
      const r = await synth(def, arch);
      area.push(figure(name, r));
      progress(`  ${name}, ${arch}: ${r.cells} cells, ${r.flipFlops} FFs${r.luts !== undefined ? `, ${r.luts} LUT4, Fmax ${r.fmaxMHz ?? '?'} MHz` : ''}`);
      if (r.abcRetried) progress(`    (Yosys's ABC crashed on the first run and was rerun: ${r.abcRetried})`);
    }
  }
  const get = (i: number, arch: SynthArch) => area.find((a) => a.design === designs[i]![0] && a.arch === arch)!;
  const ratio = {
    genericCells: get(0, 'generic').cells / get(1, 'generic').cells,
    ...(options.quick ? {} : { ice40Luts: get(0, 'ice40').luts! / get(1, 'ice40').luts! }),
    flipFlops: get(0, 'generic').flipFlops / get(1, 'generic').flipFlops,
  };

  // Energy per bit from a measured run of the same 8-lane sampler on the emulator.
  const p = samplerParams({ lanes: AREA_LANES, numberBits: AREA_BITS });
  const core = new SamplerCore(p);
  const prog = entropyProgram(p, { seed: 1 });
  loadProgram(core, prog);
  runUntilConverged(core, 1_000_000);
  const run = collectBits(core, options.quick ? 20_000 : 200_000);
  const meanLevel = (prog.plus.reduce((a, b) => a + b, 0) + prog.minus.reduce((a, b) => a + b, 0)) / (2 * prog.plus.length);
  const energy = {
    ...energyPerBit({ deviceReads: run.deviceReads, conversions: run.rawBits, bits: run.bits }, meanLevel, p.gbits, p.adcBits, p.numberBits),
    readsPerBit: run.reads / run.bits,
    rawBitsPerBit: run.rawBits / run.bits,
    deviceReadsPerBit: run.deviceReads / run.bits,
  };
  progress(`  energy per bit: ${energy.totalFj.toFixed(0)} fJ (devices ${energy.deviceFj.toFixed(0)}, ADC ${energy.adcFj.toFixed(0)}) vs ${energy.cmosRngFj} fJ per CMOS RNG sample`);
  const bitsPerCyclePerLane = run.bits / run.cycles / AREA_LANES;
  return {
    lanes: AREA_LANES,
    bits: AREA_BITS,
    area,
    ratio,
    throughput: { samplerBitsPerCyclePerLane: bitsPerCyclePerLane, lfsrBitsPerCyclePerLane: AREA_BITS, samplerCyclesPerNumber: AREA_BITS / bitsPerCyclePerLane },
    energy,
  };
}

export function formatSamplerBench(s: SamplerBench): string {
  const lines = [`sampler vs LFSR stream generator (${s.lanes} lanes, ${s.bits}-bit):`, '  design                                                   arch      cells    FFs   LUT4   Fmax'];
  for (const a of s.area) {
    lines.push(
      `  ${a.design.padEnd(56)} ${a.arch.padEnd(8)} ${String(a.cells).padStart(6)} ${String(a.flipFlops).padStart(6)} ${String(a.luts ?? '-').padStart(6)} ${a.fmaxMHz !== undefined ? `${a.fmaxMHz.toFixed(1)} MHz` : '-'}`,
    );
  }
  lines.push(
    `  area ratio sampler/LFSR: ${s.ratio.genericCells.toFixed(2)}x generic cells, ${s.ratio.ice40Luts === undefined ? '-' : s.ratio.ice40Luts.toFixed(2)}x iCE40 LUTs, ${s.ratio.flipFlops.toFixed(2)}x flip-flops`,
    '  (iCE40: Yosys synth_ice40; a block with more pins than the package has no place-and-route, hence no Fmax)',
    `  throughput: sampler ${s.throughput.samplerBitsPerCyclePerLane.toFixed(4)} bits/cycle/lane (${s.throughput.samplerCyclesPerNumber.toFixed(0)} cycles per number); LFSR ${s.throughput.lfsrBitsPerCyclePerLane} bits/cycle/lane (a number every cycle)`,
    `  energy per random bit: ${s.energy.totalFj.toFixed(0)} fJ (device reads ${s.energy.deviceFj.toFixed(0)}, ADC ${s.energy.adcFj.toFixed(0)}; ${s.energy.totalMedianAdcFj.toFixed(0)} fJ with a survey-median ADC), ${s.energy.readsPerBit.toFixed(3)} reads, ${s.energy.rawBitsPerBit.toFixed(2)} raw bits per bit; CMOS RNG ${s.energy.cmosRngFj} fJ per sample`,
  );
  return lines.join('\n');
}
