// Compares what the model expected with what the simulator produced, cycle by cycle.
import type { BatchResult } from '../simulator.ts';
import { RESET_CYCLE, type CycleRecorder } from './cycle-model.ts';

export interface Mismatch {
  cycle: number;
  /** Index of the command (in the run's command list, reset first) that produced the cycle. */
  command: number;
  port: string;
  expected: bigint;
  /** undefined when the simulator reported X/Z. */
  actual: bigint | undefined;
}

/**
 * The model does not say what an output of the DUT must be (or names an
 * output the DUT does not have): a renamed port would otherwise silently
 * stop being compared. An error in the suite, not a mismatch.
 */
export class CoverageError extends Error {
  override name = 'CoverageError';
}

/**
 * The first cycle and output where the DUT differs from the model. Every
 * output of the DUT must be a key of the model's outputs on every cycle
 * (value `undefined` = an explicit don't-care); reset cycles are don't-care
 * as a whole.
 */
export function firstMismatch(rec: CycleRecorder, batch: BatchResult): Mismatch | undefined {
  const unknown = new Set(batch.unknown.map((u) => u.row * batch.outputs.length + u.port));
  const dutOutputs = new Set(batch.outputs.map((p) => p.name));
  for (let cycle = 0; cycle < rec.expected.length; cycle++) {
    const expected = rec.expected[cycle];
    if (expected === RESET_CYCLE) continue;
    for (const key of Object.keys(expected)) {
      if (!dutOutputs.has(key)) throw new CoverageError(`cycle ${cycle}: the model gives output '${key}', which the DUT does not have (DUT outputs: ${[...dutOutputs].join(', ')})`);
    }
    for (let k = 0; k < batch.outputs.length; k++) {
      const port = batch.outputs[k].name;
      if (!(port in expected)) throw new CoverageError(`cycle ${cycle}: the model says nothing about output '${port}' (give a value, or undefined for an explicit don't-care)`);
      const want = expected[port];
      if (want === undefined) continue;
      const isX = unknown.has(cycle * batch.outputs.length + k);
      const got = batch.getAt(cycle, k);
      if (isX || got !== want) return { cycle, command: rec.commandOf[cycle], port, expected: want, actual: isX ? undefined : got };
    }
  }
  return undefined;
}

export function describeMismatch(m: Mismatch): string {
  const actual = m.actual === undefined ? 'X' : `0x${m.actual.toString(16)}`;
  return `cycle ${m.cycle} (command ${m.command}): output '${m.port}' is ${actual}, the model expects 0x${m.expected.toString(16)}`;
}
