// Example designs, each at a few parameter sets, for the lint and simulation suites and the DSL guide.
import type { ModuleDef } from '../index.ts';
import { Counter, CounterPair } from './counter.ts';
import { SignedAlu, SaturatingAccumulator } from './alu.ts';
import { LookupRam, DelayChain } from './ram.ts';

export const EXAMPLES: Record<string, () => ModuleDef> = {
  'counter-8': () => Counter(8),
  'counter-pair-5': () => CounterPair(5),
  'signed-alu-8': () => SignedAlu(8),
  'signed-alu-37': () => SignedAlu(37),
  'saturating-accumulator-12-8': () => SaturatingAccumulator(12, 8),
  'lookup-ram-8x12': () => LookupRam(8, 12),
  'lookup-ram-70x16': () => LookupRam(70, 16),
  'delay-chain-3': () => DelayChain(3),
};
