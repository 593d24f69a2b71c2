// What the tile needs from its sampler (docs/tile-spec.md § Sampler): the
// subset of emulator/sampler's SamplerCore that the tile core drives. The
// tile owns one sampler and is its only consumer.
import { SamplerCore, type SamplerParams } from '../sampler/index.ts';

/** Event totals since the sampler was built (the tile counts their increments). */
export interface SamplerEventTotals {
  /** Entropy-macro reads started. */
  reads: number;
  /** Raw bits out of the comparators. */
  rawBits: number;
  /** Unbiased bits out of the extractors. */
  bits: number;
}

export interface TileSampler {
  readonly lanes: number;
  readonly totals: SamplerEventTotals;
  /** Synchronous reset (the entropy macro keeps its levels). */
  reset(): void;
  numberValid(lane: number): boolean;
  /** Lane's K-bit number (meaningful while valid). */
  number(lane: number): number;
  /** Bit i set = lane i holds a valid number. */
  validMask(): number;
  /** wr_ready of the host write port. */
  readonly writeReady: boolean;
  /** rd_data for rd_addr (combinational from the state). */
  read(addr: number): number;
  /** One cycle: numbers of the lanes in consumeMask are taken; the host write is taken when writeReady. */
  tick(consumeMask: number, wrValid?: boolean, wrKind?: number, wrAddr?: number, wrData?: number): boolean;
  /** Cycles from now in which, with nothing consumed and written, only time passes (0: something happens now). */
  cyclesUntilChange(): number;
  /** Exactly n ticks with nothing consumed and nothing written. */
  skip(n: number): void;
}

/** The tile's sampler: emulator/sampler's cycle-exact core. */
export const makeSampler = (p: SamplerParams): TileSampler => new SamplerCore(p);
