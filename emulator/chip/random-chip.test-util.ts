// Random chips for the emulator's properties: up to 2 x 2 tiles with random
// crossbars (noise included), neuron parameters (deterministic and
// stochastic), bias rows, rate-coded inputs, routing tables (recurrent,
// between tiles and off the mesh), decision stages and enabled samplers.
import { fc } from '@fast-check/vitest';
import { sigmaTable } from '../crossbar/index.ts';
import { entropyProgram, samplerParams } from '../sampler/index.ts';
import { CSR, type Counters, type TileParams } from '../tile/index.ts';
import { ChipEmulator, type RouteEntry } from './emulator.ts';
import type { ChipTrace } from './core.ts';
import { CHIP_REG } from './params.ts';

export interface TileProgram {
  plus: number[];
  minus: number[];
  sigma: number[];
  seed: number;
  shift: number;
  threshold: number;
  leak: number;
  mode: number;
  refractory: number;
  alwaysOn: number[];
  routes: RouteEntry[];
  intensities: number[];
  aluLog2n: number;
  abstain: number;
  samplerSeed: number;
}

export interface ChipCase {
  width: number;
  height: number;
  tile: TileParams;
  tiles: TileProgram[];
  T: number;
  S: number;
}

export interface ChipCaseOptions {
  /** Allow the sampler-driven paths (encoder, stochastic firing, classes); default true. */
  stochastic?: boolean;
  maxTimesteps?: number;
}

export function chipCase(o: ChipCaseOptions = {}): fc.Arbitrary<ChipCase> {
  const stochastic = o.stochastic ?? true;
  return fc
    .record({
      width: fc.integer({ min: 1, max: 2 }),
      height: fc.integer({ min: 1, max: 2 }),
      rows: fc.integer({ min: 2, max: 10 }),
      units: fc.integer({ min: 1, max: 3 }),
      shareLog: fc.integer({ min: 0, max: 2 }),
      gbits: fc.integer({ min: 1, max: 4 }),
      adcBits: fc.integer({ min: 3, max: 8 }),
      vBits: fc.integer({ min: 6, max: 12 }),
      refBits: fc.integer({ min: 1, max: 3 }),
      fanout: fc.integer({ min: 1, max: 3 }),
      classes: stochastic ? fc.integer({ min: 0, max: 3 }) : fc.constant(0),
      fifoDepth: fc.integer({ min: 1, max: 3 }),
      lanes: fc.integer({ min: 1, max: 4 }),
      entropyRows: fc.integer({ min: 1, max: 2 }),
      windowLog2: fc.integer({ min: 2, max: 4 }),
      T: fc.integer({ min: 1, max: o.maxTimesteps ?? 4 }),
      S: fc.integer({ min: 1, max: 2 }),
    })
    .chain((g) => {
      const cols = g.units << g.shareLog;
      const top = 2 ** g.gbits - 1;
      const n = g.rows * cols;
      const idBits = Math.max(1, Math.ceil(Math.log2(g.rows)));
      const level = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: top }));
      const route = (neuron: number, slot: number) =>
        fc.record({
          neuron: fc.constant(neuron),
          slot: fc.constant(slot),
          enabled: fc.boolean(),
          destX: fc.integer({ min: 0, max: 1 }),
          destY: fc.integer({ min: 0, max: 1 }),
          id: fc.integer({ min: 0, max: 2 ** idBits - 1 }),
        });
      const routes = fc.tuple(...Array.from({ length: cols * g.fanout }, (_, i) => route(Math.floor(i / g.fanout), i % g.fanout)));
      const tileProgram: fc.Arbitrary<TileProgram> = fc.record({
        plus: fc.array(level, { minLength: n, maxLength: n }),
        minus: fc.array(level, { minLength: n, maxLength: n }),
        sigma: fc.oneof(fc.constant(Array.from(sigmaTable(g.gbits, 3600))), fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: top + 1, maxLength: top + 1 })),
        seed: fc.integer({ min: 0, max: 0xffffffff }),
        shift: fc.integer({ min: 0, max: 10 }),
        threshold: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 2 ** (g.vBits - 1) - 1 })),
        leak: fc.integer({ min: -3, max: 3 }),
        // bit 0 reset by subtraction, bit 1 stochastic, [7:4] noise shift
        mode: stochastic ? fc.integer({ min: 0, max: 0xff }).map((m) => m & 0x73) : fc.integer({ min: 0, max: 1 }),
        refractory: fc.integer({ min: 0, max: 2 ** g.refBits - 1 }),
        alwaysOn: fc.uniqueArray(fc.integer({ min: 0, max: g.rows - 1 }), { maxLength: g.rows }),
        routes: routes.map((r) => [...r]),
        intensities: stochastic ? fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: g.rows }) : fc.constant([]),
        aluLog2n: fc.integer({ min: 0, max: 5 }),
        abstain: fc.integer({ min: 0, max: 255 }),
        samplerSeed: fc.integer({ min: 1, max: 1000 }),
      });
      return fc.record({ g: fc.constant(g), tiles: fc.array(tileProgram, { minLength: g.width * g.height, maxLength: g.width * g.height }) });
    })
    .map(({ g, tiles }) => ({
      width: g.width,
      height: g.height,
      T: g.T,
      S: g.S,
      tiles,
      tile: {
        rows: g.rows,
        cols: g.units << g.shareLog,
        gbits: g.gbits,
        adcBits: g.adcBits,
        adcShare: 1 << g.shareLog,
        vBits: g.vBits,
        refBits: g.refBits,
        fanout: g.fanout,
        classes: Math.min(g.classes, g.units << g.shareLog),
        xBits: 1,
        yBits: 1,
        fifoDepth: g.fifoDepth,
        sampler: samplerParams({ lanes: g.lanes, rows: g.entropyRows, windowLog2: g.windowLog2, deadband: 1 }),
      },
    }));
}

export function loadChip(emu: ChipEmulator, c: ChipCase): void {
  c.tiles.forEach((t, i) => {
    const x = i % c.width;
    const y = Math.floor(i / c.width);
    emu.programPairs(x, y, t.plus, t.minus);
    emu.programSigma(x, y, t.sigma);
    emu.writeTile(x, y, CSR.XBAR_SEED, t.seed);
    emu.writeTile(x, y, CSR.THRESHOLD, t.threshold);
    emu.writeTile(x, y, CSR.LEAK, t.leak >>> 0);
    emu.writeTile(x, y, CSR.NEURON_MODE, t.mode);
    emu.writeTile(x, y, CSR.REFRACTORY, t.refractory);
    emu.writeTile(x, y, CSR.ADC_SHIFT, t.shift);
    emu.writeTile(x, y, CSR.ALU_LOG2N, t.aluLog2n);
    emu.writeTile(x, y, CSR.ABSTAIN_THRESHOLD, t.abstain);
    emu.setAlwaysOn(x, y, t.alwaysOn);
    emu.programRoutes(x, y, t.routes);
    emu.setIntensities(x, y, t.intensities);
    emu.programSampler(x, y, entropyProgram(c.tile.sampler, { seed: t.samplerSeed, deviceSeed: t.samplerSeed + 7 }));
  });
}

export interface ChipOutcome {
  runCycles: number;
  counters: Counters[];
  results: ReturnType<ChipEmulator['result']>[];
  v: number[][];
  trace: ChipTrace;
  cycle: number;
}

/** Programs, runs T x S, reads everything back through the CSR map. */
export function runChip(c: ChipCase, fastForward: boolean, maxCycles = 2_000_000): ChipOutcome {
  const emu = new ChipEmulator({ width: c.width, height: c.height, tile: c.tile });
  emu.fastForward = fastForward;
  loadChip(emu, c);
  const trace = emu.trace()!;
  emu.writeChip(CHIP_REG.TIMESTEPS, c.T);
  emu.writeChip(CHIP_REG.SAMPLES, c.S);
  emu.writeChip(CHIP_REG.CTRL, 1);
  emu.waitWhileBusy(maxCycles);
  const runCycles = emu.readChip(CHIP_REG.RUN_CYCLES);
  const counters: Counters[] = [];
  const results: ChipOutcome['results'] = [];
  const v: number[][] = [];
  for (let i = 0; i < c.width * c.height; i++) {
    const x = i % c.width;
    const y = Math.floor(i / c.width);
    counters.push(emu.counters(x, y));
    results.push(emu.result(x, y));
    v.push(Array.from({ length: c.tile.cols }, (_, n) => emu.readTile(x, y, CSR.V + n) | 0));
  }
  return { runCycles, counters, results, v, trace, cycle: emu.cycle };
}
