// Parameters of one tile (docs/tile-spec.md § Tile, "Parameters") and the
// constants derived from them.
import { checkCrossbarParams, maxLevel, type CrossbarParams } from '../crossbar/index.ts';
import { checkNeuronParams, type NeuronParams } from '../neuron/index.ts';
import { checkRouterParams, type RouterParams } from '../router/index.ts';
import { checkSamplerParams, SAMPLER_DEFAULTS, type SamplerParams } from '../sampler/index.ts';

export interface TileParams {
  rows: number;
  cols: number;
  gbits: number;
  adcBits: number;
  adcShare: number;
  vBits: number;
  refBits: number;
  /** Routing slots per neuron F, 1..8. */
  fanout: number;
  /** Decision-stage classes NCLS (neurons 0 .. NCLS-1), 0..min(16, C). */
  classes: number;
  xBits: number;
  yBits: number;
  fifoDepth: number;
  /** The sampler (§ Sampler): lanes E, number bits K, the entropy macro, calibration. */
  sampler: SamplerParams;
}

/** Spike-id width: max(1, ceil(log2 R)). */
export const idBitsOf = (rows: number): number => Math.max(1, Math.ceil(Math.log2(rows)));

export const crossbarParamsOf = (p: TileParams): CrossbarParams => ({ rows: p.rows, cols: p.cols, gbits: p.gbits, adcBits: p.adcBits, adcShare: p.adcShare });

export const neuronParamsOf = (p: TileParams): NeuronParams => ({
  cols: p.cols,
  adcShare: p.adcShare,
  adcBits: p.adcBits,
  vBits: p.vBits,
  refBits: p.refBits,
  numberBits: p.sampler.numberBits,
  lanes: p.sampler.lanes,
});

export const routerParamsOf = (p: TileParams): RouterParams => ({ xBits: p.xBits, yBits: p.yBits, idBits: idBitsOf(p.rows), payloadBits: 0, fifoDepth: p.fifoDepth });

/** Throws a RangeError naming the rule a parameter set breaks. */
export function checkTileParams(p: TileParams): TileParams {
  checkSamplerParams(p.sampler);
  checkCrossbarParams(crossbarParamsOf(p));
  checkNeuronParams(neuronParamsOf(p));
  const int = (name: string, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`tile: ${name} must be a whole number from ${lo} to ${hi}, got ${v}`);
  };
  int('fanout', p.fanout, 1, 8);
  int('classes', p.classes, 0, Math.min(16, p.cols));
  // The ROUTE register has 4-bit dest_x / dest_y fields.
  int('xBits', p.xBits, 1, 4);
  int('yBits', p.yBits, 1, 4);
  checkRouterParams(routerParamsOf(p));
  if (maxLevel(crossbarParamsOf(p)) > 255) throw new RangeError('tile: gbits must be at most 8');
  return p;
}

/** The reference chip's tile (docs/tile-spec.md § Tile, "Parameters"): 256 x 256, 4-bit levels, 8-bit ADC, share 8. */
export const REFERENCE_TILE: Readonly<TileParams> = Object.freeze({
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
  sampler: SAMPLER_DEFAULTS,
});
