// An inference worker thread: builds its own chip emulator from the plan
// (programming, sampler warm-up), then runs the batches the main thread
// sends ({ lo, hi }), posting one 'image' message per image (progress) and
// one 'batch' message per batch; { stop: true } ends it.
import { parentPort, workerData } from 'node:worker_threads';
import { ChipRunner } from './chip-run.ts';
import { runBatch } from './slice.ts';
import type { InferencePlan } from './plan.ts';

const { plan, pooled } = workerData as { plan: InferencePlan; pooled: Uint8Array };
const port = parentPort!;
const runner = new ChipRunner(plan);
port.postMessage({ kind: 'ready', calibrated: runner.calibrated });
port.on('message', (m: { lo: number; hi: number } | { stop: true }) => {
  if ('stop' in m) {
    port.close();
    return;
  }
  const r = runBatch(runner, pooled, m.lo, m.hi, () => port.postMessage({ kind: 'image' }));
  port.postMessage({ kind: 'batch', result: r });
});
