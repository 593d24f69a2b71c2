// Parameters of the sampler RTL and the constants of docs/tile-spec.md §
// Sampler. (rtl/ may not import the emulator: the spec's constants are
// restated here.)
import { checkInt, paramError } from '../../gen/lib/params.ts';
import { checkConfig, writeAddrBits as crossbarWriteAddrBits, type CrossbarConfig } from '../crossbar/params.ts';

export interface SamplerConfig {
  /** Lanes E, one entropy-macro column each (1..32). */
  lanes: number;
  /** Rows R of the entropy macro (1..16); every read senses all of them. */
  rows: number;
  /** Conductance level bits of the entropy macro (1..8). */
  gbits: number;
  /** ADC bits k (2..8): codes and thresholds are k-bit signed. */
  adcBits: number;
  /** Bits K of a lane's uniform random number (8..16). */
  numberBits: number;
  /** log2 of the calibration window W (1..12). */
  windowLog2: number;
  /** Calibration deadband D (0..W/2). */
  deadband: number;
}

export const DEFAULT_SAMPLER_CONFIG: SamplerConfig = { lanes: 16, rows: 1, gbits: 4, adcBits: 8, numberBits: 8, windowLog2: 8, deadband: 16 };

export const KIND_BITS = 2;
export const KIND_SAMPLER = 3;
export const DATA_BITS = 32;
export const REG_ADDR_BITS = 8;
export const SHIFT_BITS = 5;
export const STEP_BITS = 3;
export const DIR_BITS = 2;
export const DIR_NONE = 0;
export const DIR_UP = 1;
export const DIR_DOWN = 2;

/** Register map (kind-3 writes and the read port). */
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

export const windowSize = (c: SamplerConfig): number => 2 ** c.windowLog2;
export const stepInit = (c: SamplerConfig): number => Math.max(0, c.adcBits - 4);
export const stepMax = (c: SamplerConfig): number => c.adcBits - 2;
/** Bits of a count 0..n (at least 1). */
export const countBits = (n: number): number => Math.max(1, Math.ceil(Math.log2(n + 1)));
export const devicesPerRead = (c: SamplerConfig): number => 2 * c.rows * c.lanes;

/** The entropy macro: a crossbar of R x E reference pairs with one ADC per column. */
export const macroConfig = (c: SamplerConfig): CrossbarConfig => ({ rows: c.rows, cols: c.lanes, gbits: c.gbits, adcBits: c.adcBits, adcShare: 1 });
/** wr_addr of the entropy macro (crossbar), and of the sampler (at least the register-map width). */
export const macroAddrBits = (c: SamplerConfig): number => crossbarWriteAddrBits(macroConfig(c));
export const writeAddrBits = (c: SamplerConfig): number => Math.max(macroAddrBits(c), REG_ADDR_BITS);

export function checkSamplerConfig(c: SamplerConfig, generator = 'Sampler'): SamplerConfig {
  if (typeof c !== 'object' || c === null) paramError(`${generator}: expected a configuration object`);
  checkInt(generator, 'lanes', c.lanes, 1, 32);
  checkInt(generator, 'rows', c.rows, 1, 16);
  checkInt(generator, 'gbits', c.gbits, 1, 8);
  checkInt(generator, 'adcBits', c.adcBits, 2, 8);
  checkInt(generator, 'numberBits', c.numberBits, 8, 16);
  checkInt(generator, 'windowLog2', c.windowLog2, 1, 12);
  checkInt(generator, 'deadband', c.deadband, 0, windowSize(c) / 2);
  checkConfig(macroConfig(c));
  return c;
}

/** Module parameters (names and manifest). */
export const samplerParamsOf = (c: SamplerConfig) => ({
  lanes: c.lanes,
  rows: c.rows,
  gbits: c.gbits,
  adc_bits: c.adcBits,
  number_bits: c.numberBits,
  window_log2: c.windowLog2,
  deadband: c.deadband,
});
