// The model-based co-simulation suites, by target name.
import type { CosimSuite } from '../cosim/suite.ts';
import { fifoSuite } from './fifo.ts';
import { arbiterSuite } from './arbiter.ts';

export const COSIM_SUITES: Record<string, CosimSuite> = {
  fifo: fifoSuite,
  arbiter: arbiterSuite,
};

/** Targets `cosim` knows: the model-based suites plus the random-expression check. */
export const COSIM_TARGETS = [...Object.keys(COSIM_SUITES), 'expr'];
