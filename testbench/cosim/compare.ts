// Compares what the model expected with what the simulator produced, cycle by cycle.
import type { BatchResult } from '../simulator.ts';
import type { CycleRecorder } from './cycle-model.ts';

export interface Mismatch {
  cycle: number;
  /** Index of the command (in the run's command list, reset first) that produced the cycle. */
  command: number;
  port: string;
  expected: bigint;
  /** undefined when the simulator reported X/Z. */
  actual: bigint | undefined;
}

export function firstMismatch(rec: CycleRecorder, batch: BatchResult): Mismatch | undefined {
  const unknown = new Set(batch.unknown.map((u) => u.row * batch.outputs.length + u.port));
  for (let cycle = 0; cycle < rec.expected.length; cycle++) {
    const expected = rec.expected[cycle];
    for (let k = 0; k < batch.outputs.length; k++) {
      const port = batch.outputs[k].name;
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
