// Verification that cannot go blind (issue 12): the model must cover every
// output of the DUT on every cycle (a renamed port is an error, not a port
// that silently stops being compared), and a run that fails with a
// simulator error is reported as that error, not as a mismatch shrunk
// against a dead process. The DUT is the real FIFO on the DSL simulator.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../gen/index.ts';
import { dutFromDesign, startSimulator } from '../dut.ts';
import { SimulationError, type Simulator } from '../simulator.ts';
import { fifoSuite } from '../suites/fifo.ts';
import { CosimRunError, runCosim } from './run-cosim.ts';
import type { CosimSuite } from './suite.ts';
import type { CycleModel } from './cycle-model.ts';

const config = fifoSuite.defaultConfig;
const start = () => startSimulator('dsl', dutFromDesign(elaborate(fifoSuite.design(config))));

/** The FIFO suite with its model's outputs passed through `edit`. */
function withOutputs(edit: (o: Record<string, bigint | undefined>) => Record<string, bigint | undefined>): CosimSuite {
  return {
    ...fifoSuite,
    model(p) {
      const m = fifoSuite.model(p);
      return { outputs: (i) => edit({ ...m.outputs(i) }), step: (i) => m.step(i) } satisfies CycleModel;
    },
  };
}

async function errorOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('cosim coverage of the DUT outputs', () => {
  it('passes with the real model (every output covered)', async () => {
    const sim = await start();
    const report = await runCosim(fifoSuite, config, sim, { runs: 20, seed: 12 });
    expect(report.passed).toBe(true);
    await sim.close();
  });

  it('a model that says nothing about an output is an error naming it', async () => {
    const sim = await start();
    const suite = withOutputs((o) => {
      delete o.deq_valid;
      return o;
    });
    const err = await errorOf(runCosim(suite, config, sim, { runs: 20, seed: 12 }));
    expect(err).toBeInstanceOf(CosimRunError);
    expect(err.message).toMatch(/the model says nothing about output 'deq_valid'/);
    await sim.close();
  });

  it('a model output the DUT does not have (a renamed port) is an error naming it', async () => {
    const sim = await start();
    const suite = withOutputs((o) => ({ ...o, deq_data: 0n }));
    const err = await errorOf(runCosim(suite, config, sim, { runs: 20, seed: 12 }));
    expect(err).toBeInstanceOf(CosimRunError);
    expect(err.message).toMatch(/the model gives output 'deq_data', which the DUT does not have/);
    await sim.close();
  });
});

describe('a simulator error in a run', () => {
  it('is reported as that error with its output, and not shrunk', async () => {
    const real = await start();
    let batches = 0;
    let afterCrash = 0;
    let crashed = false;
    // The real simulator, failing on its third batch like a crashed process would.
    const sim: Simulator = Object.create(real);
    sim.runBatch = async (rows) => {
      if (crashed) afterCrash++;
      if (++batches === 3) {
        crashed = true;
        throw new SimulationError('dsl simulator exited with status 139: last output: segfault at cycle 7');
      }
      return real.runBatch(rows);
    };
    const err = await errorOf(runCosim(fifoSuite, config, sim, { runs: 50, seed: 12 }));
    expect(err).toBeInstanceOf(CosimRunError);
    expect(err.message).toMatch(/a run failed with an error, not a model mismatch: dsl simulator exited with status 139: last output: segfault at cycle 7/);
    expect(afterCrash).toBe(0); // no shrinking against the dead process
    await real.close();
  });
});
