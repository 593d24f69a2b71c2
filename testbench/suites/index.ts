// The model-based co-simulation suites, by target name.
import type { CosimSuite } from '../cosim/suite.ts';
import { fifoSuite } from './fifo.ts';
import { arbiterSuite } from './arbiter.ts';
import { routerSuite, multicastSuite } from './router.ts';
import { meshSuite, multicastMeshSuite } from './mesh.ts';
import { crossbarSuite } from './crossbar.ts';
import { neuronSuite } from './neuron.ts';
import { tileSuite } from './tile.ts';
import { chipSuite } from './chip.ts';
import { samplerSuite } from './sampler.ts';
import { bitstreamSuite } from './bitstream.ts';

export const COSIM_SUITES: Record<string, CosimSuite> = {
  fifo: fifoSuite,
  arbiter: arbiterSuite,
  router: routerSuite,
  mesh: meshSuite,
  multicast: multicastSuite,
  'multicast-mesh': multicastMeshSuite,
  crossbar: crossbarSuite,
  neuron: neuronSuite,
  tile: tileSuite,
  chip: chipSuite,
  sampler: samplerSuite,
  bitstream: bitstreamSuite,
};

/** Targets `cosim` knows: the model-based suites plus the random-expression check. */
export const COSIM_TARGETS = [...Object.keys(COSIM_SUITES), 'expr'];
