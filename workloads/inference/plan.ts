// What the host writes into the chip for one network at one time t after
// programming, computed once and shipped to every worker (structured-clone
// friendly: numbers and typed arrays only). Programming noise, drift,
// re-quantization, sigma table and the compensation factor alpha come from
// programChipTiles (workloads/functional), so the chip emulator's programmed
// state is the functional model's for the same seed.
import { lowbias32 } from '../../emulator/crossbar/index.ts';
import type { ChipParams, RouteEntry } from '../../emulator/chip/index.ts';
import { entropyProgram, type EntropyProgram } from '../../emulator/sampler/index.ts';
import { BadInput } from '../bad-input.ts';
import { INPUT_ROWS } from '../encoding.ts';
import { programChipTiles } from '../functional/chip-model.ts';
import { compensatedThreshold } from '../functional/program-tile.ts';
import { chipNetworkOf, type NetworkFile } from '../network/format.ts';

export interface InferenceConditions {
  /** Time since programming (s). */
  tS: number;
  /** Global drift compensation: thresholds and leak divided by alpha. */
  compensate: boolean;
  /** Seed of programming noise, read noise and the sampler's noise. */
  seed: number;
  timesteps: number;
  samples: number;
}

/** One tile's programme. */
export interface TilePlan {
  x: number;
  y: number;
  /** Which network layer it holds (-1: an unused tile, left unprogrammed). */
  layer: number;
  /** Levels of G+ / G-, row-major rows x cols. */
  plus: Uint8Array;
  minus: Uint8Array;
  sigma: Uint16Array;
  alpha: number;
  threshold: number;
  leak: number;
  adcShift: number;
  /** Always-on (bias) rows. */
  alwaysOn: number[];
  routes: RouteEntry[];
  /** Rows 0..inputRows-1 are rate-coded from the image (the input layer's tile only). */
  inputRows: number;
  /** log2 of the decision stage's confidence stream (0 on tiles whose class neurons are not the outputs). */
  aluLog2n: number;
  /** The sampler's entropy-macro programme (seed replaced per image). */
  sampler: EntropyProgram;
}

export interface InferencePlan {
  chip: ChipParams;
  cond: InferenceConditions;
  tiles: TilePlan[];
  /** Index in `tiles` of the input layer's tile and of the output layer's tile. */
  inputTile: number;
  outputTile: number;
  /** Output neurons (= classes of the network). */
  classes: number;
  /** Pooled intensity k (0..255) is written as k << intensityShift (the sampler's K-bit numbers). */
  intensityShift: number;
}

/** The decision stage's abstain threshold written to every tile: confidence below 1/2. */
export const abstainCode = (numberBits: number): number => 2 ** (numberBits - 1);

/** Throws a BadInput (one line) naming the first way the network does not fit the chip. */
export function checkFits(net: NetworkFile, chip: ChipParams): void {
  const t = chip.tile;
  const where = `network '${net.name}' does not fit the chip (${chip.width} x ${chip.height} tiles of ${t.rows} x ${t.cols})`;
  const [l1, l2] = net.layers;
  for (const [i, l] of net.layers.entries()) {
    const [x, y] = l.tile;
    if (x >= chip.width || y >= chip.height) throw new BadInput(`${where}: layer ${i} '${l.name}' is mapped to tile (${x}, ${y}), outside the mesh`);
    if (l.inputs + 1 > t.rows) throw new BadInput(`${where}: layer ${i} '${l.name}' needs ${l.inputs + 1} crossbar rows (inputs + bias)`);
    if (l.outputs > t.cols) throw new BadInput(`${where}: layer ${i} '${l.name}' needs ${l.outputs} columns`);
    if (l.threshold > 2 ** (t.vBits - 1) - 1) throw new BadInput(`${where}: layer ${i}'s threshold ${l.threshold} needs more than ${t.vBits - 1} bits (vBits ${t.vBits})`);
  }
  if (l1.tile[0] === l2.tile[0] && l1.tile[1] === l2.tile[1]) throw new BadInput(`${where}: both layers are mapped to the same tile`);
  if (net.chip.gbits !== t.gbits) throw new BadInput(`${where}: the network's levels are ${net.chip.gbits}-bit, the chip's devices ${t.gbits}-bit (retrain with neurotile train)`);
  if (l2.outputs > t.classes) throw new BadInput(`${where}: ${l2.outputs} output classes, the decision stage has ${t.classes}`);
  if (l1.inputs !== INPUT_ROWS) throw new BadInput(`${where}: layer 0 has ${l1.inputs} inputs, the image encoder gives ${INPUT_ROWS}`);
  if (l2.inputs !== l1.outputs) throw new BadInput(`${where}: layer 1 takes ${l2.inputs} inputs, layer 0 has ${l1.outputs} neurons`);
}

/** Checks that the network fits the chip (checkFits) and builds the programme. */
export function planInference(net: NetworkFile, chip: ChipParams, cond: InferenceConditions): InferencePlan {
  checkFits(net, chip);
  const t = chip.tile;
  const [l1, l2] = net.layers;
  const where = `network '${net.name}' does not fit the chip`;
  const K = t.sampler.numberBits;

  const chipNet = chipNetworkOf(net);
  const programmed = programChipTiles(chipNet, { tS: cond.tS, compensate: cond.compensate, seed: cond.seed }, { rows: t.rows, cols: t.cols });
  const vMax = 2 ** (t.vBits - 1) - 1;
  const tiles: TilePlan[] = [];
  for (let y = 0; y < chip.height; y++) {
    for (let x = 0; x < chip.width; x++) {
      const index = tiles.length;
      const layer = net.layers.findIndex((l) => l.tile[0] === x && l.tile[1] === y);
      const sampler = entropyProgram(t.sampler, { tS: cond.tS, seed: 1, deviceSeed: lowbias32((cond.seed ^ (0x5a3d0000 + index)) >>> 0) });
      if (layer < 0) {
        const n = t.rows * t.cols;
        tiles.push({ x, y, layer, plus: new Uint8Array(n), minus: new Uint8Array(n), sigma: programmed[0].sigma, alpha: 1, threshold: vMax, leak: 0, adcShift: 0, alwaysOn: [], routes: [], inputRows: 0, aluLog2n: 0, sampler });
        continue;
      }
      const l = net.layers[layer]!;
      const p = programmed[layer]!;
      const alpha = cond.compensate ? p.alpha : 1;
      const threshold = compensatedThreshold(l.threshold, alpha);
      if (threshold > vMax) throw new BadInput(`${where}: layer ${layer}'s threshold ${threshold} needs more than ${t.vBits - 1} bits (vBits ${t.vBits})`);
      const routes: RouteEntry[] = [];
      if (layer === 0) {
        // Every hidden neuron h sends one packet to row h of the output layer's tile.
        for (let h = 0; h < l.outputs; h++) routes.push({ neuron: h, slot: 0, enabled: true, destX: l2.tile[0], destY: l2.tile[1], id: h });
      }
      tiles.push({
        x,
        y,
        layer,
        plus: p.plus,
        minus: p.minus,
        sigma: p.sigma,
        alpha: p.alpha,
        threshold,
        leak: Math.round(l.leak / alpha),
        adcShift: l.shift,
        alwaysOn: [l.biasRow],
        routes,
        inputRows: layer === 0 ? l.inputs : 0,
        aluLog2n: layer === 1 ? 8 : 0,
        sampler,
      });
    }
  }
  const indexOf = (l: { tile: [number, number] }) => l.tile[1] * chip.width + l.tile[0];
  return { chip, cond, tiles, inputTile: indexOf(l1), outputTile: indexOf(l2), classes: l2.outputs, intensityShift: K - 8 };
}

/** Per-image seeds (the crossbar twin's and the sampler twin's), fixed by the image index alone. */
export function imageSeeds(seed: number, image: number, tile: number): { crossbar: number; sampler: number } {
  const base = lowbias32((lowbias32((seed ^ 0x3c6ef372) >>> 0) ^ image) >>> 0);
  return { crossbar: lowbias32((base ^ (0x100 + tile)) >>> 0), sampler: lowbias32((base ^ (0x200 + tile)) >>> 0) };
}
