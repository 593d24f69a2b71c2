// Public entry of the bitstream-ALU emulator (docs/tile-spec.md § Bitstream ALU).
export * from './params.ts';
export * from './ops.ts';
export * from './alu.ts';
export * from './exact.ts';
export * from './error.ts';
