// Parameters of a chip: a W x H mesh of identical tiles (docs/tile-spec.md § Chip).
import { checkTileParams, type TileParams } from '../tile/index.ts';

export interface ChipParams {
  width: number;
  height: number;
  tile: TileParams;
}

/** Throws a RangeError naming the rule a parameter set breaks. */
export function checkChipParams(p: ChipParams): ChipParams {
  checkTileParams(p.tile);
  const { width: w, height: h } = p;
  if (!Number.isInteger(w) || w < 1 || w > 2 ** p.tile.xBits) throw new RangeError(`chip: width must be a whole number from 1 to 2^xBits = ${2 ** p.tile.xBits}, got ${w}`);
  if (!Number.isInteger(h) || h < 1 || h > 2 ** p.tile.yBits) throw new RangeError(`chip: height must be a whole number from 1 to 2^yBits = ${2 ** p.tile.yBits}, got ${h}`);
  if (w * h > 16) throw new RangeError(`chip: width x height must be at most 16 tiles, got ${w} x ${h}`);
  return p;
}

/** Chip register addresses (host_req_chip = 1). */
export const CHIP_REG = {
  ID: 0x0,
  GEOMETRY: 0x1,
  TIMESTEPS: 0x2,
  SAMPLES: 0x3,
  CTRL: 0x4,
  STATUS: 0x5,
  CYCLES: 0x6,
  RUN_CYCLES: 0x7,
} as const;

export const CHIP_ID = 0x4e430001;

/** Chip registers that wait for busy = 0 (every other chip address is live). */
export const isChipLive = (addr: number): boolean => addr !== CHIP_REG.TIMESTEPS && addr !== CHIP_REG.SAMPLES;
