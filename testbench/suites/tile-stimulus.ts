// Stimulus shared by the tile and chip co-simulation suites: what a host
// writes to program a tile (crossbar levels and sigma table, neuron
// parameters, routes, input intensities, the sampler's entropy macro), built
// from one shrinkable seed, as a list of CSR writes.
import { sigmaTable } from '../../emulator/crossbar/index.ts';
import { mulberry32 } from '../../emulator/device/rng.ts';
import { entropyProgram, programWrites, type SamplerParams } from '../../emulator/sampler/index.ts';

/** The tile's CSR addresses the stimulus uses (docs/tile-spec.md, "CSR register map"). */
export const TILE_CSR = {
  id: 0x0,
  status: 0x3,
  ctrl: 0x4,
  inject: 0x5,
  adcShift: 0x8,
  threshold: 0x9,
  leak: 0xa,
  neuronMode: 0xb,
  refractory: 0xc,
  inputRows: 0xd,
  abstainThreshold: 0xe,
  aluLog2n: 0xf,
  xbarSeed: 0x10,
  alwaysOn: 0x20,
  votes: 0x40,
  result: 0x70,
  samples: 0x71,
  counters: 0x80,
  sigma: 0x100,
  intensity: 0x400,
  v: 0x800,
  ref: 0xc00,
  route: 0x1000,
  sampler: 0x2000,
  pair: 0x10000,
} as const;

/** Step kinds (step_kind). */
export const STEP_KIND = { sampleStart: 0, timestep: 1, timestepLast: 2, sampleEnd: 3, runEnd: 4 } as const;

/** What shapes a tile, as the stimulus needs it (the flat parameters of the tile target). */
export interface TileShape {
  rows: number;
  cols: number;
  gbits: number;
  adcBits: number;
  adcShare: number;
  vBits: number;
  refBits: number;
  fanout: number;
  classes: number;
  xBits: number;
  yBits: number;
  sampler: SamplerParams;
}

export interface CsrWrite {
  addr: number;
  data: number;
}

export interface TileProgramOptions {
  /** Coordinates packets may be sent to (the tile's own, neighbours, and some outside the mesh). */
  destinations: { x: number; y: number }[];
  /** Seconds after programming for the sigma tables (0: the noise at programming time). */
  tS: number;
  /** Probability that a neuron's slot is enabled. */
  routeDensity: number;
  /** The sampler's twin seed (different per tile, so lanes differ between tiles). */
  samplerSeed: number;
  /** Firing: fraction of neurons reached per timestep drives the threshold scale. */
  stochastic: boolean;
}

/**
 * A whole tile's program from `seed`: every pair, the sigma table, the seed,
 * the neuron parameters (a threshold on the scale of the ADC codes so that
 * neurons fire now and then), routes, always-on rows, input rows and
 * intensities, the sampler's entropy macro and the decision settings.
 */
export function tileProgram(t: TileShape, seed: number, o: TileProgramOptions): CsrWrite[] {
  const rng = mulberry32(seed);
  const int = (n: number) => Math.floor(rng() * n);
  const w: CsrWrite[] = [];
  const top = 2 ** t.gbits - 1;
  const density = [0.1, 0.5, 1][int(3)]!;
  for (let r = 0; r < t.rows; r++) {
    for (let c = 0; c < t.cols; c++) {
      const level = rng() < density ? int(top + 1) : 0;
      const positive = rng() < 0.6;
      w.push({ addr: TILE_CSR.pair + 256 * r + c, data: positive ? level : level << 8 });
    }
  }
  sigmaTable(t.gbits, o.tS).forEach((s, level) => w.push({ addr: TILE_CSR.sigma + level, data: s }));
  w.push({ addr: TILE_CSR.xbarSeed, data: (rng() * 2 ** 32) >>> 0 });
  // The ADC's full scale near the typical column sum, so codes use their range.
  const fullScale = Math.ceil(Math.log2(Math.max(1, t.rows * density * 0.5) * (top + 1) * 256)) - t.adcBits;
  w.push({ addr: TILE_CSR.adcShift, data: Math.max(0, Math.min(31, fullScale - int(3))) });
  const codeMax = 2 ** (t.adcBits - 1);
  w.push({ addr: TILE_CSR.threshold, data: Math.min(2 ** (t.vBits - 1) - 1, 1 + int(3 * codeMax)) });
  w.push({ addr: TILE_CSR.leak, data: rng() < 0.6 ? 0 : int(Math.min(2 ** (t.vBits - 1), codeMax)) });
  w.push({ addr: TILE_CSR.neuronMode, data: int(2) | ((o.stochastic ? 1 : 0) << 1) | (int(8) << 4) });
  w.push({ addr: TILE_CSR.refractory, data: rng() < 0.6 ? 0 : int(2 ** t.refBits) });
  for (let n = 0; n < t.cols; n++) {
    for (let k = 0; k < t.fanout; k++) {
      const enabled = rng() < o.routeDensity;
      const d = o.destinations[int(o.destinations.length)]!;
      const id = int(2 ** Math.max(1, Math.ceil(Math.log2(t.rows))));
      w.push({ addr: TILE_CSR.route + 16 * n + k, data: ((enabled ? 1 : 0) << 31) | (d.x << 24) | (d.y << 16) | id });
    }
  }
  for (let word = 0; word < Math.ceil(t.rows / 32); word++) {
    w.push({ addr: TILE_CSR.alwaysOn + word, data: rng() < 0.5 ? 0 : 1 << int(32) });
  }
  const inputRows = [0, int(t.rows + 1), t.rows][int(3)]!;
  w.push({ addr: TILE_CSR.inputRows, data: inputRows });
  for (let r = 0; r < t.rows; r++) w.push({ addr: TILE_CSR.intensity + r, data: int(2 ** t.sampler.numberBits) });
  w.push({ addr: TILE_CSR.abstainThreshold, data: int(2 ** t.sampler.numberBits) });
  w.push({ addr: TILE_CSR.aluLog2n, data: int(6) });
  w.push(...samplerWrites(t.sampler, o.tS, o.samplerSeed));
  return w;
}

/** The sampler's program for time tS (levels, sigma table, seed, shift, enable) as tile CSR writes. */
export function samplerWrites(p: SamplerParams, tS: number, seed: number): CsrWrite[] {
  return programWrites(p, entropyProgram(p, { tS, seed })).map((s) => ({ addr: TILE_CSR.sampler + ((s.kind << 10) | s.addr), data: s.data >>> 0 }));
}
