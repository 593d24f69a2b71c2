// The LIF neuron array's state and its update (docs/tile-spec.md § Neuron),
// in typed arrays: the tile emulator calls it directly, the port-level model
// (interface.ts) wraps it. No BigInt, no allocation per beat.
import { checkNeuronParams, unitCount, vMax, vMin, type NeuronParams } from './params.ts';

export class NeuronArrayCore {
  readonly p: NeuronParams;
  readonly nadc: number;
  /** Membrane potentials (signed, within VMIN..VMAX). */
  readonly v: Int32Array;
  /** Refractory counters. */
  readonly ref: Uint8Array;

  // shared parameters (the tile's CSRs; inputs of the RTL array)
  threshold = 0;
  leak = 0;
  resetMode = 0;
  refractory = 0;
  stochastic = 0;
  noiseShift = 0;

  private readonly lo: number;
  private readonly hi: number;
  private readonly half: number;
  private readonly full: number;

  constructor(p: NeuronParams) {
    this.p = checkNeuronParams(p);
    this.nadc = unitCount(p);
    this.v = new Int32Array(p.cols);
    this.ref = new Uint8Array(p.cols);
    this.lo = vMin(p);
    this.hi = vMax(p);
    this.half = 2 ** (p.numberBits - 1);
    this.full = 2 ** p.numberBits;
  }

  /** Every V and ref to 0 (reset, or the tile's clear at SAMPLE_START). */
  clear(): void {
    this.v.fill(0);
    this.ref.fill(0);
  }

  /** Synchronous reset: state and parameters to 0. */
  reset(): void {
    this.clear();
    this.threshold = this.leak = this.resetMode = this.refractory = this.stochastic = this.noiseShift = 0;
  }

  /**
   * The beat of slot j: unit a updates neuron a ADC_SHARE + j with code
   * codes[a] and (stochastic mode) random number numbers[a mod E].
   * Writes fired[a] (0/1) and returns the number of neurons that fired.
   */
  beat(j: number, codes: Int32Array, numbers: Int32Array, fired: Uint8Array): number {
    const { v, ref, lo, hi, threshold: th, leak, nadc } = this;
    const share = this.p.adcShare;
    const lanes = this.p.lanes;
    const stochastic = this.stochastic !== 0;
    const sigma = this.noiseShift;
    const subtract = this.resetMode !== 0;
    let fires = 0;
    for (let a = 0; a < nadc; a++) {
      const n = a * share + j;
      const r = ref[n]!;
      if (r > 0) {
        ref[n] = r - 1;
        fired[a] = 0;
        continue;
      }
      let v1 = v[n]! + codes[a]! - leak;
      if (v1 < lo) v1 = lo;
      else if (v1 > hi) v1 = hi;
      const d = v1 - th;
      let fire: boolean;
      if (stochastic) {
        let q = (d >> sigma) + this.half;
        if (q < 0) q = 0;
        else if (q > this.full) q = this.full;
        fire = numbers[a % lanes]! < q;
      } else {
        fire = d >= 0;
      }
      if (fire) {
        let after = 0;
        if (subtract) {
          after = v1 - th;
          if (after < lo) after = lo;
        }
        v[n] = after;
        ref[n] = this.refractory;
        fired[a] = 1;
        fires++;
      } else {
        v[n] = v1;
        fired[a] = 0;
      }
    }
    return fires;
  }

  /** host_rdata: V (vBits two's complement, as an unsigned field) or ref of a neuron (0 beyond C). */
  hostRead(neuron: number, sel: number): number {
    if (neuron >= this.p.cols) return 0;
    if (sel !== 0) return this.ref[neuron]!;
    const x = this.v[neuron]!;
    return x < 0 ? x + 2 ** this.p.vBits : x;
  }

  /** host write: V gets the low vBits of data (sign-extended), or ref its low refBits (ignored beyond C). */
  hostWrite(neuron: number, sel: number, data: number): void {
    if (neuron >= this.p.cols) return;
    if (sel !== 0) {
      this.ref[neuron] = data & (2 ** this.p.refBits - 1);
      return;
    }
    const u = (data >>> 0) % 2 ** this.p.vBits;
    this.v[neuron] = u >= 2 ** (this.p.vBits - 1) ? u - 2 ** this.p.vBits : u;
  }
}
