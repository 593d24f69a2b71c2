// Running a sampler core as a consumer would: take every number as soon as
// it is valid, and record the unbiased bits, the numbers and the cost.
import type { SamplerCore } from './core.ts';

export interface RunCost {
  cycles: number;
  reads: number;
  deviceReads: number;
  rawBits: number;
  bits: number;
}

export interface BitsRun extends RunCost {
  /** The unbiased bits in the order they were produced (lane order within a cycle). */
  stream: Uint8Array;
  /** How many of them were wanted and found (< stream.length only when the reads ran out). */
  collected: number;
}

const costSince = (core: SamplerCore, start: RunCost): RunCost => ({
  cycles: core.totals.cycles - start.cycles,
  reads: core.totals.reads - start.reads,
  deviceReads: core.totals.deviceReads - start.deviceReads,
  rawBits: core.totals.rawBits - start.rawBits,
  bits: core.totals.bits - start.bits,
});

/**
 * Consumes numbers on every lane until `n` unbiased bits came out of the
 * extractors, or `maxReads` reads were spent (no entropy: nothing comes out).
 */
export function collectBits(core: SamplerCore, n: number, maxReads = Infinity, onNumber?: (lane: number, value: number) => void): BitsRun {
  const start = { ...core.totals };
  const stream = new Uint8Array(n);
  let k = 0;
  const all = core.everyLane;
  // Lanes that may hold a valid number: those valid now, then those that just got a bit.
  let candidates = core.validMask();
  while (k < n && core.totals.reads - start.reads <= maxReads) {
    // Between read results only time passes: jump (every number was taken when it became valid).
    const still = core.cyclesUntilChange();
    if (still > 1 && Number.isFinite(still) && core.validMask() === 0) core.skip(still - 1);
    if (onNumber) {
      for (let m = candidates & core.validMask(); m !== 0; m = (m & (m - 1)) >>> 0) {
        const lane = 31 - Math.clz32(m & -m);
        onNumber(lane, core.number(lane));
      }
    }
    core.tick(all);
    candidates = core.lastBitMask;
    let mask = core.lastBitMask;
    const values = core.lastBitValues;
    while (mask !== 0 && k < n) {
      const lane = 31 - Math.clz32(mask & -mask);
      stream[k++] = (values >>> lane) & 1;
      mask = (mask & (mask - 1)) >>> 0;
    }
  }
  return { ...costSince(core, start), stream, collected: k };
}

export interface NumbersRun extends RunCost {
  /** numbers[lane][j]: the j-th number lane `lane` delivered. */
  numbers: Uint32Array[];
}

/** Consumes numbers on every lane until each lane delivered `perLane` of them. */
export function collectNumbers(core: SamplerCore, perLane: number, maxReads = Infinity): NumbersRun {
  const start = { ...core.totals };
  const E = core.lanes;
  const numbers = Array.from({ length: E }, () => new Uint32Array(perLane));
  const got = new Int32Array(E);
  let done = 0;
  const take = (mask: number): number => {
    let taken = 0;
    for (let m = mask; m !== 0; m = (m & (m - 1)) >>> 0) {
      const i = 31 - Math.clz32(m & -m);
      if (got[i]! < perLane && core.numberValid(i)) {
        numbers[i]![got[i]!++] = core.number(i);
        taken |= 1 << i;
        if (got[i] === perLane) done++;
      }
    }
    return taken >>> 0;
  };
  // Numbers already waiting count too; after that, a number completes only with a bit from the extractor.
  let want = take(core.validMask());
  while (done < E && core.totals.reads - start.reads <= maxReads) {
    const still = core.cyclesUntilChange();
    if (want === 0 && still > 1 && Number.isFinite(still)) core.skip(still - 1);
    core.tick(want);
    want = take(core.lastBitMask);
  }
  return { ...costSince(core, start), numbers };
}

/** Cycles (and reads) until every lane's calibration window was in band, at most maxCycles; numbers are taken as they come. */
export function runUntilConverged(core: SamplerCore, maxCycles: number): { converged: boolean; cycles: number; reads: number } {
  const start = { ...core.totals };
  const all = core.everyLane;
  const convergedAll = () => core.converged.every((c) => c === 1);
  while (!convergedAll() && core.totals.cycles - start.cycles < maxCycles) core.tick(all);
  return { converged: convergedAll(), cycles: core.totals.cycles - start.cycles, reads: core.totals.reads - start.reads };
}
