// One slice of a functional-model run (items lo..hi-1 of a pooled data set):
// what a worker thread computes, and what the main thread computes itself
// when it runs single-threaded.
import { FunctionalChip, type ChipConditions, type ChipNetwork } from './chip-model.ts';
import type { ProgrammedTile } from './program-tile.ts';
import { floatSnnCounts, type FloatLayer } from './float-run.ts';
import { INPUT_ROWS } from '../encoding.ts';

export interface SliceJob {
  kind: 'chip' | 'float-snn';
  net?: ChipNetwork;
  cond?: ChipConditions;
  /** Tiles programmed once for net and cond (skips programming in every slice). */
  tiles?: [ProgrammedTile, ProgrammedTile];
  float?: [FloatLayer, FloatLayer];
  seed?: number;
  /** Pooled inputs of the whole data set (n x 196). */
  pooled: Uint8Array;
  lo: number;
  hi: number;
  samples: number;
  timesteps: number;
}

export function runSlice(job: SliceJob): Int32Array {
  const K = job.kind === 'chip' ? job.net!.layers[1].outputs : job.float![1].outputs;
  const per = job.samples * K;
  const out = new Int32Array((job.hi - job.lo) * per);
  const chip = job.kind === 'chip' ? new FunctionalChip(job.net!, job.cond!, undefined, job.tiles) : undefined;
  for (let i = job.lo; i < job.hi; i++) {
    const x = job.pooled.subarray(i * INPUT_ROWS, (i + 1) * INPUT_ROWS);
    const c = chip ? chip.run(x, i, job.samples, job.timesteps) : floatSnnCounts(x, i, job.float![0], job.float![1], job.samples, job.timesteps, job.seed ?? 0);
    out.set(c, (i - job.lo) * per);
  }
  return out;
}
