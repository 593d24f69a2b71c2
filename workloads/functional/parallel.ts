// Runs a functional-model job over items 0..n-1 on worker threads (one
// contiguous slice each), or in this thread when workers = 1. The result does
// not depend on the number of workers: every item's noise is fixed by its
// index (chip-model.ts).
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { runSlice, type SliceJob } from './run-slice.ts';

export const MIN_ITEMS_PER_WORKER = 200;

export const defaultWorkers = (): number => Math.max(1, Math.min(availableParallelism(), 8));

export async function runParallel(job: Omit<SliceJob, 'lo' | 'hi'>, n: number, workers = defaultWorkers()): Promise<Int32Array> {
  // A worker costs ~1 s to start (it loads the TypeScript sources): only worth it for a few hundred items each.
  const w = Math.max(1, Math.min(workers, Math.floor(n / MIN_ITEMS_PER_WORKER)));
  if (w === 1) return runSlice({ ...job, lo: 0, hi: n });
  const bounds = Array.from({ length: w + 1 }, (_, i) => Math.round((i * n) / w));
  const parts = await Promise.all(
    bounds.slice(0, -1).map(
      (lo, i) =>
        new Promise<Int32Array>((resolve, reject) => {
          const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { ...job, lo, hi: bounds[i + 1]! } });
          worker.once('message', (m: { counts: Int32Array }) => resolve(m.counts));
          worker.once('error', reject);
          worker.once('exit', (code) => code !== 0 && reject(new Error(`functional-model worker exited with code ${code}`)));
        }),
    ),
  );
  const out = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
