// Global drift compensation after aihwkit's GlobalDriftCompensation
// (src/aihwkit/inference/compensation/drift.py). Drift shrinks every
// conductance by roughly the same power law, so one scalar per array undoes
// most of it: alpha = readout(t = 0) / readout(t_inf), and outputs are
// multiplied by alpha.
//
// Readout (as current aihwkit): drive the array with the one-hot input vectors
// (the identity), so each output is one pair's G+ - G-, and take the mean
// absolute value over all pairs. Here that is one noisy read of every device
// (each device is sensed once by its own one-hot row): no noise-free
// shortcut, the calibration uses the same reads the hardware would.

import type { PairConductances, PcmPairArray } from './array.ts';

/** Keeps alpha finite for an all-zero array (aihwkit clamps its readout the same way). */
export const READOUT_FLOOR_US = 1e-4;

/** Mean |G+ - G-| over all pairs of one read (uS), floored at READOUT_FLOOR_US. */
export function driftReadout(g: PairConductances): number {
  const n = g.plus.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(g.plus[i]! - g.minus[i]!);
  return Math.max(READOUT_FLOOR_US, n === 0 ? 0 : sum / n);
}

export class GlobalDriftCompensation {
  private constructor(
    /** Readout taken at calibration (uS). */
    readonly referenceUs: number,
  ) {}

  /**
   * Take the reference readout from one read of the array at its current
   * time; call it right after programming (t_inf = 0), as aihwkit does.
   */
  static calibrate(array: PcmPairArray): GlobalDriftCompensation {
    return new GlobalDriftCompensation(driftReadout(array.read()));
  }

  /** Compensation factor at the array's current time: reference / current readout (one read). */
  alpha(array: PcmPairArray): number {
    return this.referenceUs / driftReadout(array.read());
  }
}
