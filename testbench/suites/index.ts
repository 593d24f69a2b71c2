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

/**
 * The configuration `cosim --target NAME [--config F]` runs: the parameters of
 * the config file (`targetParams`, already validated against the target's
 * schema; undefined without --config) in the suite's shape. Suites whose
 * target defaults are the full-size reference design (tile, chip) run their
 * own small default configuration when no file is given.
 */
export function cosimConfigOf(suite: CosimSuite, targetParams: Record<string, unknown> | undefined, targetDefaults: () => Record<string, unknown>): unknown {
  if (suite.fromTargetParams === undefined) return targetParams ?? targetDefaults();
  return targetParams === undefined ? suite.defaultConfig : suite.fromTargetParams(targetParams);
}
