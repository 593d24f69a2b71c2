// A worker thread of the functional model: runs one contiguous slice of the
// items and posts back their spike counts (items x samples x outputs).
import { parentPort, workerData } from 'node:worker_threads';
import { runSlice, type SliceJob } from './run-slice.ts';

const job = workerData as SliceJob;
const counts = runSlice(job);
parentPort!.postMessage({ counts }, [counts.buffer as ArrayBuffer]);
