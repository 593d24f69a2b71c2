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

type Gc = (options: { type: 'minor' | 'major' }) => void;
let gc: Gc | undefined;

/** Collects the young generation now (a scavenge: a few milliseconds). */
export function collectYoungGarbage(): void {
  if (!gc) {
    // --expose-gc set at run time reaches contexts created after it: a new one hands out `gc`.
    // Set on first use, so that importing this module changes nothing.
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as Gc;
  }
  gc({ type: 'minor' });
}
