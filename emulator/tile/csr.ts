// The tile's CSR register map (docs/tile-spec.md § Tile, "CSR register
// map"): word addresses, the live set, and the field packing of the
// read-only identification registers.
import type { TileParams } from './params.ts';

export const CSR = {
  ID: 0x00000,
  GEOMETRY: 0x00001,
  CONFIG: 0x00002,
  STATUS: 0x00003,
  CTRL: 0x00004,
  INJECT: 0x00005,
  ADC_SHIFT: 0x00008,
  THRESHOLD: 0x00009,
  LEAK: 0x0000a,
  NEURON_MODE: 0x0000b,
  REFRACTORY: 0x0000c,
  INPUT_ROWS: 0x0000d,
  ABSTAIN_THRESHOLD: 0x0000e,
  ALU_LOG2N: 0x0000f,
  XBAR_SEED: 0x00010,
  XBAR_READ_INDEX: 0x00011,
  ALWAYS_ON: 0x00020,
  SPIKES_NEXT: 0x00030,
  SPIKES_CUR: 0x00038,
  VOTES: 0x00040,
  COUNT: 0x00050,
  TOTAL: 0x00060,
  RESULT: 0x00070,
  SAMPLES: 0x00071,
  COUNTER: 0x00080,
  SIGMA: 0x00100,
  INTENSITY: 0x00400,
  V: 0x00800,
  REF: 0x00c00,
  ROUTE: 0x01000,
  SAMPLER: 0x02000,
  PAIR: 0x10000,
} as const;

export const CSR_ADDR_BITS = 17;
export const TILE_ID = 0x4e540001;

/** STATUS bits. */
export const STATUS_IDLE = 1;
export const STATUS_DECIDED = 2;
export const STATUS_ABSTAIN = 4;
export const STATUS_RUN_OPEN = 8;
export const STATUS_QUIET = 16;

/** Live addresses (accessible while the tile runs): 0x00000-0x00007 and 0x00030-0x000ff, holes included. */
export const isLive = (addr: number): boolean => addr < 0x8 || (addr >= 0x30 && addr < 0x100);

export const routeAddr = (neuron: number, slot: number): number => CSR.ROUTE + 16 * neuron + slot;
export const pairAddr = (row: number, col: number): number => CSR.PAIR + 256 * row + col;

/** A ROUTE word: [7:0] dest_id, [19:16] dest_y, [27:24] dest_x, bit 31 enabled. */
export function routeWord(slot: { enabled: boolean; destX: number; destY: number; id: number }): number {
  return ((slot.enabled ? 0x80000000 : 0) | (slot.destX << 24) | (slot.destY << 16) | slot.id) >>> 0;
}

export function geometryWord(p: TileParams): number {
  return (p.rows | (p.cols << 9) | (p.gbits << 18) | (p.adcBits << 22) | (Math.log2(p.adcShare) << 26)) >>> 0;
}

export function configWord(p: TileParams): number {
  return (p.vBits | (p.refBits << 5) | (p.fanout << 9) | (p.classes << 13) | (p.sampler.lanes << 18) | (p.sampler.numberBits << 24)) >>> 0;
}
