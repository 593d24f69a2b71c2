// Parameters of the tile (docs/tile-spec.md § Tile) and the CSR map's
// addresses. rtl/ may not import the emulator: the spec's numbers are
// restated here.
import { checkInt, indexWidth, paramError } from '../../gen/lib/params.ts';
import { checkConfig as checkCrossbarConfig, type CrossbarConfig } from '../crossbar/params.ts';
import { checkNeuronConfig, type NeuronConfig } from '../neuron/params.ts';
import { checkRouterConfig, type RouterConfig } from '../router/params.ts';
import { checkSamplerConfig, DEFAULT_SAMPLER_CONFIG, type SamplerConfig } from '../sampler/params.ts';

export interface TileConfig {
  /** Crossbar rows R, columns C, level bits, ADC bits, columns per ADC (§ Crossbar). */
  rows: number;
  cols: number;
  gbits: number;
  adcBits: number;
  adcShare: number;
  /** Neurons (§ Neuron). */
  vBits: number;
  refBits: number;
  /** Routing-table slots per neuron, 1..8. */
  fanout: number;
  /** Neurons 0 .. classes-1 are the decision stage's classes (0 .. min(16, C)). */
  classes: number;
  /** Router (§ Router): dest_x / dest_y widths and input FIFO depth. */
  xBits: number;
  yBits: number;
  fifoDepth: number;
  /** The sampler (§ Sampler). */
  sampler: SamplerConfig;
}

export const DEFAULT_TILE_CONFIG: TileConfig = {
  rows: 16,
  cols: 16,
  gbits: 4,
  adcBits: 8,
  adcShare: 4,
  vBits: 16,
  refBits: 4,
  fanout: 2,
  classes: 4,
  xBits: 1,
  yBits: 1,
  fifoDepth: 4,
  sampler: { ...DEFAULT_SAMPLER_CONFIG, lanes: 4 },
};

/** The reference chip's tile: 256 x 256, 4-bit levels, 8-bit ADC, 8 columns per ADC. */
export const REFERENCE_TILE_CONFIG: TileConfig = {
  rows: 256,
  cols: 256,
  gbits: 4,
  adcBits: 8,
  adcShare: 8,
  vBits: 16,
  refBits: 4,
  fanout: 2,
  classes: 10,
  xBits: 1,
  yBits: 1,
  fifoDepth: 4,
  sampler: DEFAULT_SAMPLER_CONFIG,
};

/**
 * The tile's parameters as one flat record (what `--config` files of the tile
 * and chip targets hold: the sampler's fields prefixed or renamed), nested the
 * way the generators take them.
 */
export interface FlatTileParams {
  rows: number; cols: number; gbits: number; adcBits: number; adcShare: number; vBits: number; refBits: number;
  fanout: number; classes: number; xBits: number; yBits: number; fifoDepth: number;
  lanes: number; numberBits: number; samplerRows: number; samplerGbits: number; samplerAdcBits: number; windowLog2: number; deadband: number;
}

export function tileConfigFromFlat(p: FlatTileParams): TileConfig {
  return {
    rows: p.rows, cols: p.cols, gbits: p.gbits, adcBits: p.adcBits, adcShare: p.adcShare, vBits: p.vBits, refBits: p.refBits,
    fanout: p.fanout, classes: p.classes, xBits: p.xBits, yBits: p.yBits, fifoDepth: p.fifoDepth,
    sampler: { lanes: p.lanes, rows: p.samplerRows, gbits: p.samplerGbits, adcBits: p.samplerAdcBits, numberBits: p.numberBits, windowLog2: p.windowLog2, deadband: p.deadband },
  };
}

export const MAX_FANOUT = 8;
export const MAX_CLASSES = 16;
export const CSR_ADDR_BITS = 17;
export const CSR_DATA_BITS = 32;
export const STEP_KIND_BITS = 3;
export const COUNT_BITS = 16;
export const VOTE_BITS = 8;
export const TOTAL_BITS = 32;
export const COUNTER_BITS = 32;
export const ALU_LOG2N_BITS = 4;
export const ALU_LOG2N_MAX = 12;

/** Step kinds (step_kind). */
export const STEP = { sampleStart: 0, timestep: 1, timestepLast: 2, sampleEnd: 3, runEnd: 4 } as const;

/** CSR word addresses (docs/tile-spec.md, "CSR register map"). */
export const CSR = {
  id: 0x00000,
  geometry: 0x00001,
  config: 0x00002,
  status: 0x00003,
  ctrl: 0x00004,
  inject: 0x00005,
  adcShift: 0x00008,
  threshold: 0x00009,
  leak: 0x0000a,
  neuronMode: 0x0000b,
  refractory: 0x0000c,
  inputRows: 0x0000d,
  abstainThreshold: 0x0000e,
  aluLog2n: 0x0000f,
  xbarSeed: 0x00010,
  xbarReadIndex: 0x00011,
  alwaysOn: 0x00020,
  spikesNext: 0x00030,
  spikesCur: 0x00038,
  votes: 0x00040,
  count: 0x00050,
  total: 0x00060,
  result: 0x00070,
  samples: 0x00071,
  counters: 0x00080,
  sigma: 0x00100,
  intensity: 0x00400,
  v: 0x00800,
  ref: 0x00c00,
  route: 0x01000,
  sampler: 0x02000,
  pair: 0x10000,
} as const;

export const TILE_ID = 0x4e540001;

/** The activity counters, in CSR order (docs/tile-spec.md, "Activity counters"). */
export const COUNTER_NAMES = [
  'cycles',
  'busy_cycles',
  'timesteps',
  'axon_events_in',
  'crossbar_reads',
  'row_activations',
  'device_reads',
  'adc_conversions',
  'neuron_updates',
  'spikes',
  'packets_injected',
  'router_hops',
  'fifo_writes',
  'fifo_reads',
  'sampler_reads',
  'sampler_raw_bits',
  'sampler_bits',
  'alu_bit_ops',
  'off_mesh_drops',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];

export const crossbarConfigOf = (c: TileConfig): CrossbarConfig => ({ rows: c.rows, cols: c.cols, gbits: c.gbits, adcBits: c.adcBits, adcShare: c.adcShare });
export const neuronConfigOf = (c: TileConfig): NeuronConfig => ({
  cols: c.cols,
  adcShare: c.adcShare,
  adcBits: c.adcBits,
  vBits: c.vBits,
  refBits: c.refBits,
  numberBits: c.sampler.numberBits,
  lanes: c.sampler.lanes,
});
/** The axon id of a flit is a crossbar row. */
export const idBitsOf = (c: TileConfig): number => indexWidth(c.rows);
export const routerConfigOf = (c: TileConfig): RouterConfig => ({ xBits: c.xBits, yBits: c.yBits, idBits: idBitsOf(c), payloadBits: 0, fifoDepth: c.fifoDepth });
export const unitsOf = (c: TileConfig): number => c.cols / c.adcShare;

export function checkTileConfig(c: TileConfig, generator = 'Tile'): TileConfig {
  if (typeof c !== 'object' || c === null) paramError(`${generator}: expected a configuration object`);
  checkCrossbarConfig(crossbarConfigOf(c));
  checkInt(generator, 'vBits', c.vBits, 4, 24);
  checkInt(generator, 'refBits', c.refBits, 1, 8);
  checkInt(generator, 'fanout', c.fanout, 1, MAX_FANOUT);
  checkInt(generator, 'classes', c.classes, 0, Math.min(MAX_CLASSES, c.cols));
  checkSamplerConfig(c.sampler);
  checkNeuronConfig(neuronConfigOf(c), generator);
  checkRouterConfig(routerConfigOf(c), generator);
  return c;
}

/** Module parameters (names and the manifest), with short keys: Verilator hashes module names over ~120 characters. */
export const tileParamsOf = (c: TileConfig) => ({
  r: c.rows,
  c: c.cols,
  g: c.gbits,
  adc: c.adcBits,
  share: c.adcShare,
  v: c.vBits,
  ref: c.refBits,
  f: c.fanout,
  cls: c.classes,
  x: c.xBits,
  y: c.yBits,
  fifo: c.fifoDepth,
  lanes: c.sampler.lanes,
  k: c.sampler.numberBits,
  srows: c.sampler.rows,
  sg: c.sampler.gbits,
  sadc: c.sampler.adcBits,
  win: c.sampler.windowLog2,
  db: c.sampler.deadband,
});
