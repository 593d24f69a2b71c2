// A young-generation collection between timed repetitions. The bench
// interleaves backends in one process, so short-lived garbage one leaves (the
// text protocol's strings, a batch's reply) would otherwise be collected
// inside the next one's timed run. A backend's own garbage still counts
// against it: this clears only what was left before its run started. Minor,
// not full: full collections age the bytecode of functions that did not run
// since the last few of them, and V8 then drops it (the DSL simulator's
// variant that is not running would be recompiled when the adaptive policy
// next tries it, inside a timed run).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// --expose-gc set at run time reaches contexts created after it: a new one hands out `gc`.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options: { type: 'minor' | 'major' }) => void;

/** Collects the young generation now (a scavenge: a few milliseconds). */
export function collectYoungGarbage(): void {
  gc({ type: 'minor' });
}
