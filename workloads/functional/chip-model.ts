// FUNCTIONAL MODEL of the reference chip's arithmetic: a tuning tool for
// choosing per-layer ADC shift and threshold and for measuring what the
// mapping costs, fast enough for sweeps. It is not the chip emulator (no
// cycles, no router, no CSR protocol; its input Bernoulli draws come from a
// hash instead of the on-chip sampler): the emulator is the judge of every
// reported chip figure. What it does compute exactly as the chip does:
//   - programming noise, drift and re-quantization of the levels, the sigma
//     table and the compensation factor alpha (program-tile.ts);
//   - every crossbar read with the twin's integer per-read noise and the ADC
//     (tile-reads.ts);
//   - the LIF update V <- sat16(V + code - leak); spike when V >= theta,
//     then V <- V - theta; V = 0 at the start of each sample; thresholds and
//     leak divided by alpha when drift compensation is on;
//   - the pipeline: layer 2 reads the layer-1 spikes of the previous
//     timestep (none at t = 0); bias rows are active in every timestep.
import { lowbias32 } from '../../emulator/crossbar/index.ts';
import { TILE_COLS, TILE_ROWS, compensatedThreshold, programTile, type ProgrammedTile } from './program-tile.ts';
import { TileReader } from './tile-reads.ts';

/** One layer as the chip gets it: signed levels with the bias as the last row, and the neuron settings. */
export interface ChipLayer {
  inputs: number;
  outputs: number;
  /** (inputs + 1) x outputs signed levels; row `inputs` is the always-on bias row. */
  levels: Int16Array;
  shift: number;
  threshold: number;
  leak: number;
}

export interface ChipNetwork {
  gbits: number;
  adcBits: number;
  layers: [ChipLayer, ChipLayer];
}

export interface ChipConditions {
  /** Time since programming (s). */
  tS: number;
  /** Global drift compensation (thresholds and leak divided by alpha). */
  compensate: boolean;
  /** Seed of programming noise, read noise and input draws. */
  seed: number;
  /** No device noise at all (exact levels, zero sigma table): the integer arithmetic alone. */
  ideal?: boolean;
  /** Pairs the compensation readout covers (program-tile.ts); default the layer's pairs. */
  compensationRegion?: 'tile' | 'layer';
}

/**
 * The functional model's stand-in for the on-chip input sampler: row r
 * spikes in step `step` when a byte of a hash of (seed, step, r / 4) is below
 * k_r (probability k_r / 256). Writes the active rows into `active` and
 * returns how many there are.
 */
export function inputSpikes(seed: number, step: number, pooled: ArrayLike<number>, rows: number, active: Int32Array): number {
  const stepKey = lowbias32((seed ^ lowbias32(step >>> 0)) >>> 0);
  let n = 0;
  for (let g = 0; 4 * g < rows; g++) {
    const h = lowbias32((stepKey ^ g) >>> 0);
    for (let b = 0; b < 4; b++) {
      const r = 4 * g + b;
      if (r < rows && ((h >>> (8 * b)) & 0xff) < pooled[r]!) active[n++] = r;
    }
  }
  return n;
}

const SAT_LO = -32768;
const SAT_HI = 32767;

/** Counters the functional model can count (a subset of the tile's, summed over both tiles). */
export interface FunctionalCounts {
  timesteps: number;
  crossbarReads: number;
  rowActivations: number;
  spikes: number;
}

/**
 * Programs both tiles for `cond` (programming noise, drift, re-quantization,
 * sigma table, alpha). Depends only on the levels and the conditions, not
 * on shifts or thresholds, so a mapping search programs once.
 */
export function programChipTiles(net: ChipNetwork, cond: ChipConditions, size: { rows: number; cols: number } = { rows: TILE_ROWS, cols: TILE_COLS }): [ProgrammedTile, ProgrammedTile] {
  const seed = cond.seed >>> 0;
  return net.layers.map((l, i) =>
    programTile(l.levels, l.inputs + 1, l.outputs, { gbits: net.gbits, tS: cond.tS, seed: seed * 2 + i, ideal: cond.ideal, compensationRegion: cond.compensationRegion, ...size }),
  ) as [ProgrammedTile, ProgrammedTile];
}

export class FunctionalChip {
  readonly tiles: [ProgrammedTile, ProgrammedTile];
  readonly readers: [TileReader, TileReader];
  readonly thresholds: [number, number];
  readonly leaks: [number, number];
  readonly counts: FunctionalCounts = { timesteps: 0, crossbarReads: 0, rowActivations: 0, spikes: 0 };
  readonly inputSeed: number;

  constructor(
    readonly net: ChipNetwork,
    readonly cond: ChipConditions,
    /** Tile size (the reference chip's 256 x 256 unless a test asks for less). */
    size: { rows: number; cols: number } = { rows: TILE_ROWS, cols: TILE_COLS },
    /** Tiles already programmed for these levels and conditions (programChipTiles), to skip programming. */
    tiles?: [ProgrammedTile, ProgrammedTile],
  ) {
    const seed = cond.seed >>> 0;
    this.tiles = tiles ?? programChipTiles(net, cond, size);
    this.readers = net.layers.map((l, i) => new TileReader(this.tiles[i]!, l.inputs + 1, l.outputs, lowbias32(seed ^ (0x7000 + i)), net.adcBits)) as [TileReader, TileReader];
    const alpha = (i: number) => (cond.compensate ? this.tiles[i]!.alpha : 1);
    this.thresholds = net.layers.map((l, i) => compensatedThreshold(l.threshold, alpha(i))) as [number, number];
    this.leaks = net.layers.map((l, i) => Math.round(l.leak / alpha(i))) as [number, number];
    this.inputSeed = lowbias32(seed ^ 0x1badb002);
  }

  /**
   * Runs `samples` samples of one image (196 pooled intensities) for T
   * timesteps; returns samples x outputs spike counts. `item` numbers the
   * image in the session: it fixes the read indices and input draws, so a
   * run is the same whichever worker does it.
   */
  run(pooled: ArrayLike<number>, item: number, samples: number, timesteps: number): Int32Array {
    const [l1, l2] = this.net.layers;
    const [r1, r2] = this.readers;
    const [theta1, theta2] = this.thresholds;
    const [leak1, leak2] = this.leaks;
    const H = l1.outputs;
    const K = l2.outputs;
    const out = new Int32Array(samples * K);
    const active1 = new Int32Array(l1.inputs + 1);
    const active2 = new Int32Array(l2.inputs + 1);
    const codes1 = new Int32Array(H);
    const codes2 = new Int32Array(K);
    const v1 = new Int32Array(H);
    const v2 = new Int32Array(K);
    const spiked = new Uint8Array(H);
    for (let s = 0; s < samples; s++) {
      const run = item * samples + s;
      r1.readIndex = (run * timesteps) >>> 0;
      r2.readIndex = (run * timesteps) >>> 0;
      v1.fill(0);
      v2.fill(0);
      spiked.fill(0);
      for (let t = 0; t < timesteps; t++) {
        // Layer 1: Bernoulli input spikes (row r with probability k_r / 256) plus the bias row.
        let n1 = inputSpikes(this.inputSeed, run * timesteps + t, pooled, l1.inputs, active1);
        active1[n1++] = l1.inputs;
        // Layer 2 reads last timestep's hidden spikes (before layer 1 updates them) plus its bias row.
        let n2 = 0;
        for (let j = 0; j < H; j++) if (spiked[j]) active2[n2++] = j;
        active2[n2++] = l2.inputs;
        r1.read(active1, n1, l1.shift, codes1);
        r2.read(active2, n2, l2.shift, codes2);
        this.counts.rowActivations += n1 + n2;
        let spikes = 0;
        for (let j = 0; j < H; j++) {
          let v = v1[j]! + codes1[j]! - leak1;
          v = v < SAT_LO ? SAT_LO : v > SAT_HI ? SAT_HI : v;
          if (v >= theta1) {
            v -= theta1;
            spiked[j] = 1;
            spikes++;
          } else spiked[j] = 0;
          v1[j] = v;
        }
        for (let k = 0; k < K; k++) {
          let v = v2[k]! + codes2[k]! - leak2;
          v = v < SAT_LO ? SAT_LO : v > SAT_HI ? SAT_HI : v;
          if (v >= theta2) {
            v -= theta2;
            out[s * K + k]!++;
            spikes++;
          }
          v2[k] = v;
        }
        this.counts.spikes += spikes;
      }
      this.counts.timesteps += timesteps;
      this.counts.crossbarReads += 2 * timesteps;
    }
    return out;
  }
}
