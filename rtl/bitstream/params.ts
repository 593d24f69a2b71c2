// Parameters of the bitstream ALU RTL and the constants of docs/tile-spec.md
// § Bitstream ALU (restated here: rtl/ may not import the emulator).
import { checkInt, paramError } from '../../gen/lib/params.ts';

export interface BitstreamConfig {
  /** Bits K of an operand and of a random number (1..16). */
  bits: number;
  /** Width of the stream length N and of the result count (N <= 2^lengthBits - 1), 1..16. */
  lengthBits: number;
  /** States of the Brown-Card tanh FSM: even, 2..256. */
  tanhStates: number;
}

export const DEFAULT_BITSTREAM_CONFIG: BitstreamConfig = { bits: 8, lengthBits: 13, tanhStates: 8 };

/** Operation codes (start_op). */
export const OP = { pass: 0, mul: 1, bmul: 2, add: 3, or: 4, div: 5, tanh: 6, sub: 7 } as const;
export const OP_BITS = 3;

/** Bits of a count 0..n (at least 1). */
export const countBits = (n: number): number => Math.max(1, Math.ceil(Math.log2(n + 1)));

export function checkTanhStates(generator: string, states: number): number {
  checkInt(generator, 'tanhStates', states, 2, 256);
  if (states % 2 !== 0) paramError(`${generator}: tanhStates must be even (the output is state >= states/2), got ${states}`);
  return states;
}

export function checkBitstreamConfig(c: BitstreamConfig, generator = 'BitstreamAlu'): BitstreamConfig {
  if (typeof c !== 'object' || c === null) paramError(`${generator}: expected a configuration object`);
  checkInt(generator, 'bits', c.bits, 1, 16);
  checkInt(generator, 'lengthBits', c.lengthBits, 1, 16);
  checkTanhStates(generator, c.tanhStates);
  return c;
}

export const bitstreamParamsOf = (c: BitstreamConfig) => ({ bits: c.bits, length_bits: c.lengthBits, tanh_states: c.tanhStates });
