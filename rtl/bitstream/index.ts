// The stochastic-computing bitstream ALU (docs/tile-spec.md § Bitstream ALU):
// the operations as small modules, and the ALU that runs one of them.
export { BitstreamAlu } from './alu.ts';
export { ComparatorSng, CordivDivider, ScAnd, ScMux, ScOr, ScXnor, ScXor, StanhFsm, StreamCounter } from './ops.ts';
export * from './params.ts';
