// Parameters and operation codes of the bitstream ALU (docs/tile-spec.md §
// Bitstream ALU).

export interface BitstreamParams {
  /** Bits K of an operand and of a random number, 1..16. */
  bits: number;
  /** Width of the stream length N and of the result (N <= 2^lengthBits - 1), 1..16. */
  lengthBits: number;
  /** States of the Brown-Card tanh FSM, even, 2..256. */
  tanhStates: number;
}

export const BITSTREAM_DEFAULTS: Readonly<BitstreamParams> = Object.freeze({ bits: 8, lengthBits: 13, tanhStates: 8 });

export const OP = { pass: 0, mul: 1, bmul: 2, add: 3, or: 4, div: 5, tanh: 6, sub: 7 } as const;
export type OpName = keyof typeof OP;
export const OP_NAMES = Object.keys(OP) as OpName[];

export function checkBitstreamParams(p: BitstreamParams): BitstreamParams {
  const int = (name: keyof BitstreamParams, lo: number, hi: number) => {
    const v = p[name];
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`bitstream: ${name} must be a whole number from ${lo} to ${hi}, got ${v}`);
  };
  int('bits', 1, 16);
  int('lengthBits', 1, 16);
  int('tanhStates', 2, 256);
  if (p.tanhStates % 2 !== 0) throw new RangeError(`bitstream: tanhStates must be even, got ${p.tanhStates}`);
  return p;
}

export function bitstreamParams(overrides: Partial<BitstreamParams> = {}): BitstreamParams {
  return checkBitstreamParams({ ...BITSTREAM_DEFAULTS, ...overrides });
}
