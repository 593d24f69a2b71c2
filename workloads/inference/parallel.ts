// Runs images 0..n-1 of a pooled data set on the chip emulator, on worker
// threads (each with its own emulator, fed small batches from a queue) or in
// this thread when workers = 1. The result does not depend on the number of
// workers or on which worker ran what: every image starts from a reset chip
// with its noise fixed by its index (chip-run.ts), and results are merged by
// index; counters are integer sums.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { ChipRunner } from './chip-run.ts';
import { resultArrays, runBatch, type BatchResult } from './slice.ts';
import type { InferencePlan } from './plan.ts';

export const BATCH = 8;

export const defaultWorkers = (): number => Math.max(1, Math.min(availableParallelism(), 8));

export interface ImagesResult extends Omit<BatchResult, 'lo' | 'hi'> {
  n: number;
  /** Whether every sampler lane converged in every emulator's warm-up. */
  calibrated: boolean;
  workers: number;
}

function emptyResult(plan: InferencePlan, n: number, workers: number): ImagesResult {
  return { n, workers, calibrated: true, ...resultArrays(n, plan.classes, plan.tiles.length) };
}

function merge(into: ImagesResult, b: BatchResult, K: number): void {
  into.votes.set(b.votes, b.lo * K);
  into.totals.set(b.totals, b.lo * K);
  into.winner.set(b.winner, b.lo);
  into.confidence.set(b.confidence, b.lo);
  into.abstain.set(b.abstain, b.lo);
  into.cycles.set(b.cycles, b.lo);
  for (let c = 0; c < b.counters.length; c++) into.counters[c]! += b.counters[c]!;
}

export async function runImages(plan: InferencePlan, pooled: Uint8Array, n: number, workers = defaultWorkers(), progress?: (done: number, total: number) => void): Promise<ImagesResult> {
  const K = plan.classes;
  // A worker costs a few seconds to start (TypeScript loading, programming 2 x 65,536 pairs, warm-up).
  const w = Math.max(1, Math.min(workers, Math.ceil(n / (2 * BATCH))));
  const out = emptyResult(plan, n, w);
  let done = 0;
  const tick = () => {
    done++;
    progress?.(done, n);
  };
  if (w === 1) {
    const runner = new ChipRunner(plan);
    out.calibrated = runner.calibrated;
    for (let lo = 0; lo < n; lo += BATCH) merge(out, runBatch(runner, pooled, lo, Math.min(n, lo + BATCH), tick), K);
    return out;
  }
  let next = 0;
  const pool: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: w }, () => {
        const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { plan, pooled } });
        pool.push(worker);
        return new Promise<void>((resolve, reject) => {
          const feed = () => {
            if (next >= n) {
              worker.postMessage({ stop: true });
              return;
            }
            const lo = next;
            next = Math.min(n, next + BATCH);
            worker.postMessage({ lo, hi: next });
          };
          worker.on('message', (m: { kind: 'ready'; calibrated: boolean } | { kind: 'image' } | { kind: 'batch'; result: BatchResult }) => {
            if (m.kind === 'image') tick();
            else if (m.kind === 'ready') {
              out.calibrated &&= m.calibrated;
              feed();
            } else {
              merge(out, m.result, K);
              feed();
            }
          });
          worker.once('error', reject);
          worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`inference worker exited with code ${code}`))));
        });
      }),
    );
  } finally {
    // On an error in one worker, the others are stopped too.
    await Promise.all(pool.map((x) => x.terminate()));
  }
  if (done !== n) throw new Error(`inference workers returned ${done} of ${n} images`);
  return out;
}
