// Parameters and fixed constants of the crossbar macro (docs/tile-spec.md § Crossbar).
// Everything the twin computes is an integer function of these.

/** Generation-time parameters of a crossbar macro plus its interface. */
export interface CrossbarParams {
  /** Rows R (spike inputs), 1..256. */
  rows: number;
  /** Columns C (outputs), 1..256. */
  cols: number;
  /** Bits of a conductance level (levels 0 .. 2^GBITS - 1), 1..8. */
  gbits: number;
  /** ADC resolution k, 1..8 bits (signed two's-complement codes). */
  adcBits: number;
  /** Columns sharing one ADC: a power of two dividing C. A read takes ADC_SHARE conversion rounds. */
  adcShare: number;
}

/** Fraction bits of a device read: a read is level * 2^READ_FRAC_BITS plus noise. */
export const READ_FRAC_BITS = 8;
/** The noise product z * S[level] is shifted right (floor) by this many bits. */
export const NOISE_SHIFT = 8;
/** Width of a sigma-table entry S[level]. */
export const SIGMA_BITS = 16;
/** Largest |z| of the Irwin-Hall deviate (four bytes summed minus 510). */
export const Z_MAX = 510;
/** Standard deviation of z: sqrt(4 * (256^2 - 1) / 12). */
export const Z_SIGMA = Math.sqrt((4 * (256 * 256 - 1)) / 12);
/** Width of the ADC right shift (the per-read full-scale setting), 0..31. */
export const SHIFT_BITS = 5;
/** Width of the host write port's data field. */
export const WRITE_DATA_BITS = 32;

/** Host write kinds (wr_kind). */
export const WRITE_PAIR = 0;
export const WRITE_SIGMA = 1;
export const WRITE_SEED = 2;

export const MAX_ROWS = 256;
export const MAX_COLS = 256;

/** Bits to hold the values 0 .. n-1 (at least 1). */
export const indexBits = (n: number): number => Math.max(1, Math.ceil(Math.log2(n)));
/** Bits to hold the values 0 .. n (at least 1). */
export const countBits = (n: number): number => Math.max(1, Math.ceil(Math.log2(n + 1)));

/** Number of ADCs: C / ADC_SHARE. */
export const adcCount = (p: CrossbarParams): number => p.cols / p.adcShare;
/** Highest conductance level. */
export const maxLevel = (p: CrossbarParams): number => (1 << p.gbits) - 1;
/** Largest noisy device read: max level plus the largest positive noise. */
export const maxRead = (p: CrossbarParams): number =>
  maxLevel(p) * 2 ** READ_FRAC_BITS + Math.floor((Z_MAX * (2 ** SIGMA_BITS - 1)) / 2 ** NOISE_SHIFT);
/** Bits of an unsigned device read. */
export const readBits = (p: CrossbarParams): number => countBits(maxRead(p));
/** Bits of the signed column accumulator: |sum| <= R * maxRead. */
export const accBits = (p: CrossbarParams): number => countBits(p.rows * maxRead(p)) + 1;
/** Cycles from conv_start to conv_done: one cycle per row plus three pipeline stages (memory, hash, sum). */
export const conversionCycles = (p: CrossbarParams): number => p.rows + 3;
/** Address layout of a pair write: row << COL_BITS | col. */
export const colAddrBits = (p: CrossbarParams): number => indexBits(p.cols);
export const writeAddrBits = (p: CrossbarParams): number => Math.max(indexBits(p.rows) + colAddrBits(p), p.gbits);

const isPow2 = (n: number) => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;

/** Throws a RangeError naming the rule a parameter set breaks. */
export function checkCrossbarParams(p: CrossbarParams): CrossbarParams {
  const int = (name: keyof CrossbarParams, lo: number, hi: number) => {
    const v = p[name];
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`crossbar: ${name} must be a whole number from ${lo} to ${hi}, got ${v}`);
  };
  int('rows', 1, MAX_ROWS);
  int('cols', 1, MAX_COLS);
  int('gbits', 1, 8);
  int('adcBits', 1, 8);
  int('adcShare', 1, MAX_COLS);
  if (!isPow2(p.adcShare) || p.cols % p.adcShare !== 0) {
    throw new RangeError(`crossbar: adcShare must be a power of two that divides cols (${p.cols}), got ${p.adcShare}`);
  }
  return p;
}
