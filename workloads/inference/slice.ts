// A batch of images run on one ChipRunner, and the results of a batch in
// flat typed arrays (cheap to post between threads and to merge by index).
import { COUNTER_COUNT } from '../../emulator/tile/index.ts';
import { INPUT_ROWS } from '../encoding.ts';
import type { ChipRunner } from './chip-run.ts';

export interface BatchResult {
  lo: number;
  hi: number;
  /** (hi - lo) x K votes and spike totals (summed over the S samples). */
  votes: Int32Array;
  totals: Int32Array;
  /** The chip's decision per image: winner, confidence code, abstain flag. */
  winner: Int32Array;
  confidence: Int32Array;
  abstain: Uint8Array;
  /** RUN_CYCLES per image. */
  cycles: Float64Array;
  /** Activity counters summed over the batch's images, per tile (tiles x COUNTER_COUNT). */
  counters: Float64Array;
}

/** Zeroed per-image arrays for n images of K classes on `tiles` tiles. */
export function resultArrays(n: number, K: number, tiles: number): Omit<BatchResult, 'lo' | 'hi'> {
  return {
    votes: new Int32Array(n * K),
    totals: new Int32Array(n * K),
    winner: new Int32Array(n),
    confidence: new Int32Array(n),
    abstain: new Uint8Array(n),
    cycles: new Float64Array(n),
    counters: new Float64Array(tiles * COUNTER_COUNT),
  };
}

export function runBatch(runner: ChipRunner, pooled: Uint8Array, lo: number, hi: number, onImage?: () => void): BatchResult {
  const K = runner.plan.classes;
  const out: BatchResult = { lo, hi, ...resultArrays(hi - lo, K, runner.plan.tiles.length) };
  for (let i = lo; i < hi; i++) {
    const r = runner.infer(pooled.subarray(i * INPUT_ROWS, (i + 1) * INPUT_ROWS), i);
    const j = i - lo;
    out.votes.set(r.votes, j * K);
    out.totals.set(r.totals, j * K);
    out.winner[j] = r.winner;
    out.confidence[j] = r.confidence;
    out.abstain[j] = r.abstain ? 1 : 0;
    out.cycles[j] = r.cycles;
    for (let c = 0; c < r.counters.length; c++) out.counters[c]! += r.counters[c]!;
    onImage?.();
  }
  return out;
}
