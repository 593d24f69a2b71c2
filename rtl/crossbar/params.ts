// Parameters of the crossbar RTL and the constants of docs/tile-spec.md § Crossbar.
// (rtl/ may not import the emulator: the spec's few constants are restated here.)
import { ElaborationError } from '../../gen/index.ts';

export interface CrossbarConfig {
  /** Rows R (spike inputs), 1..256. */
  rows: number;
  /** Columns C, 1..256. */
  cols: number;
  /** Conductance level bits, 1..8. */
  gbits: number;
  /** ADC bits k, 1..8. */
  adcBits: number;
  /** Columns per ADC: a power of two dividing C. */
  adcShare: number;
}

export const READ_FRAC_BITS = 8;
export const NOISE_SHIFT = 8;
export const SIGMA_BITS = 16;
export const Z_MAX = 510;
/** z in [-510, 510] as a signed number. */
export const Z_BITS = 11;
export const SHIFT_BITS = 5;
export const WRITE_DATA_BITS = 32;
export const KIND_BITS = 2;
export const WRITE_PAIR = 0;
export const WRITE_SIGMA = 1;
export const WRITE_SEED = 2;

/** Bits to hold 0 .. n-1 (at least 1). */
export const indexBits = (n: number): number => Math.max(1, Math.ceil(Math.log2(n)));
/** Bits to hold 0 .. n (at least 1). */
export const countBits = (n: number): number => Math.max(1, Math.ceil(Math.log2(n + 1)));

export const adcCount = (p: CrossbarConfig): number => p.cols / p.adcShare;
export const maxLevel = (p: CrossbarConfig): number => (1 << p.gbits) - 1;
/** log2(ADC_SHARE): the low column bits select the round. */
export const shareBits = (p: CrossbarConfig): number => Math.log2(p.adcShare);
/** Width of a round index (at least 1 bit, also for ADC_SHARE = 1). */
export const roundBits = (p: CrossbarConfig): number => Math.max(1, shareBits(p));
export const rowBits = (p: CrossbarConfig): number => indexBits(p.rows);
export const colBits = (p: CrossbarConfig): number => indexBits(p.cols);
export const writeAddrBits = (p: CrossbarConfig): number => Math.max(rowBits(p) + colBits(p), p.gbits);
export const maxRead = (p: CrossbarConfig): number =>
  maxLevel(p) * 2 ** READ_FRAC_BITS + Math.floor((Z_MAX * (2 ** SIGMA_BITS - 1)) / 2 ** NOISE_SHIFT);
export const readBits = (p: CrossbarConfig): number => countBits(maxRead(p));
export const accBits = (p: CrossbarConfig): number => countBits(p.rows * maxRead(p)) + 1;

function bad(problem: string): never {
  throw new ElaborationError(problem, 'rtl/crossbar');
}

export function checkConfig(p: CrossbarConfig): CrossbarConfig {
  const int = (name: keyof CrossbarConfig, lo: number, hi: number) => {
    const v = p[name];
    if (!Number.isInteger(v) || v < lo || v > hi) bad(`Crossbar: ${name} must be a whole number from ${lo} to ${hi}, got ${v}`);
  };
  int('rows', 1, 256);
  int('cols', 1, 256);
  int('gbits', 1, 8);
  int('adcBits', 1, 8);
  int('adcShare', 1, 256);
  if ((p.adcShare & (p.adcShare - 1)) !== 0 || p.cols % p.adcShare !== 0) {
    bad(`Crossbar: adcShare must be a power of two that divides cols (${p.cols}), got ${p.adcShare}`);
  }
  return p;
}

/** Module parameters (for names and the manifest). */
export const paramsOf = (p: CrossbarConfig) => ({ rows: p.rows, cols: p.cols, gbits: p.gbits, adc_bits: p.adcBits, adc_share: p.adcShare });
