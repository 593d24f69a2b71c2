// Parameters and fixed constants of the LFSR-free sampler (docs/tile-spec.md
// § Sampler). The sampler's entropy macro is a crossbar (emulator/crossbar)
// of `rows` x `lanes` reference pairs with one ADC per column.
import { checkCrossbarParams, type CrossbarParams } from '../crossbar/index.ts';

export interface SamplerParams {
  /** Lanes E (one entropy-macro column each), 1..32. */
  lanes: number;
  /** Rows R of the entropy macro, 1..16; every read senses all of them. */
  rows: number;
  /** Conductance level bits of the entropy macro, 1..8. */
  gbits: number;
  /** ADC bits k of the entropy macro, 2..8: codes and thresholds are k-bit signed. */
  adcBits: number;
  /** Bits K of a lane's uniform random number, 8..16. */
  numberBits: number;
  /** log2 of the calibration window W (raw bits per lane per window), 1..12. */
  windowLog2: number;
  /** Calibration deadband D: a window with |ones - W/2| <= D leaves the threshold alone. 0..W/2. */
  deadband: number;
}

export const SAMPLER_DEFAULTS: Readonly<SamplerParams> = Object.freeze({
  lanes: 16,
  rows: 1,
  gbits: 4,
  adcBits: 8,
  numberBits: 8,
  windowLog2: 8,
  deadband: 16,
});

/** Host write kinds (wr_kind): 0..2 go to the entropy macro, 3 to the sampler's own registers. */
export const KIND_PAIR = 0;
export const KIND_SIGMA = 1;
export const KIND_SEED = 2;
export const KIND_SAMPLER = 3;

/** Sampler register addresses (kind 3 writes, and the read port). */
export const REG = {
  control: 0x00,
  shift: 0x01,
  command: 0x02,
  converged: 0x03,
  valid: 0x04,
  window: 0x05,
  info: 0x06,
  deadband: 0x07,
  threshold: 0x20,
  calibration: 0x40,
  number: 0x60,
} as const;

/** Width of rd_addr, and the least width of wr_addr. */
export const REG_ADDR_BITS = 8;
/** Width of rd_data and wr_data. */
export const DATA_BITS = 32;

/** Direction of a lane's last threshold move. */
export const DIR_NONE = 0;
export const DIR_UP = 1;
export const DIR_DOWN = 2;

/** Width of a lane's step exponent. */
export const STEP_BITS = 3;
/** Step exponent after reset and after a recalibration: max(0, k - 4). */
export const stepInit = (p: SamplerParams): number => Math.max(0, p.adcBits - 4);
/** Largest step exponent: k - 2 (a quarter of the code range). */
export const stepMax = (p: SamplerParams): number => p.adcBits - 2;

export const windowSize = (p: SamplerParams): number => 2 ** p.windowLog2;
/** Device reads of one entropy-macro read: G+ and G- of every row of every column. */
export const devicesPerRead = (p: SamplerParams): number => 2 * p.rows * p.lanes;
/** Cycles from a read's start to the next possible start (= to its beat): R + 4. */
export const readPeriod = (p: SamplerParams): number => p.rows + 4;

/** The entropy macro as a crossbar: R x E, one ADC per column. */
export const macroParams = (p: SamplerParams): CrossbarParams => ({
  rows: p.rows,
  cols: p.lanes,
  gbits: p.gbits,
  adcBits: p.adcBits,
  adcShare: 1,
});

/** Throws a RangeError naming the rule a parameter set breaks. */
export function checkSamplerParams(p: SamplerParams): SamplerParams {
  const int = (name: keyof SamplerParams, lo: number, hi: number) => {
    const v = p[name];
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`sampler: ${name} must be a whole number from ${lo} to ${hi}, got ${v}`);
  };
  int('lanes', 1, 32);
  int('rows', 1, 16);
  int('gbits', 1, 8);
  int('adcBits', 2, 8);
  int('numberBits', 8, 16);
  int('windowLog2', 1, 12);
  int('deadband', 0, windowSize(p) / 2);
  checkCrossbarParams(macroParams(p));
  return p;
}

/** Defaults overridden by `overrides`, checked. */
export function samplerParams(overrides: Partial<SamplerParams> = {}): SamplerParams {
  return checkSamplerParams({ ...SAMPLER_DEFAULTS, ...overrides });
}
