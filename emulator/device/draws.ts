// Where each random draw of a device lives in the counter-based generator
// (rng.ts counterNormal(seed, stream = device id, index = draw)). Fixing this
// layout makes every device's noise a function of (seed, device, draw) only:
// the same device gets the same programming noise, drift exponent and k-th
// read whatever else is simulated around it.

/** Programming noise: one normal per device. */
export const DRAW_PROGRAM = 0;
/** Drift exponent nu: one normal per device, drawn at programming. */
export const DRAW_DRIFT_EXPONENT = 1;
/** Read k uses draw DRAW_READ_BASE + k (fresh noise at every read). */
export const DRAW_READ_BASE = 2;
