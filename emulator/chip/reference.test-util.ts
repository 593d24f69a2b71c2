// An independent, timestep-level reading of docs/tile-spec.md for a 1 x 1
// chip with deterministic neurons (no encoder, no classes): the crossbar
// codes from the noise formula, the neuron update table, the emitter's
// 2 + s cycles per spike, the crossbar's round timing under the emitter's
// back-pressure, local delivery one edge after injection, the barrier, and
// the counter definitions. It never steps a cycle model; tests compare the
// cycle emulator against it.
import { adcCode, deviateZ, deviceId, noisyRead, readKey } from '../crossbar/index.ts';

export interface RefTile {
  rows: number;
  cols: number;
  adcShare: number;
  adcBits: number;
  vBits: number;
  /** Levels, row-major R x C. */
  plus: number[];
  minus: number[];
  sigma: number[];
  seed: number;
  shift: number;
  threshold: number;
  leak: number;
  resetMode: number;
  refractory: number;
  alwaysOn: number[];
  /** routes[n][k]: enabled slot k of neuron n (undefined: disabled). */
  routes: ({ destX: number; destY: number; id: number } | undefined)[][];
}

export interface RefOutcome {
  /** Cycles with busy = 1 (RUN_CYCLES). */
  runCycles: number;
  busyCycles: number;
  counters: Record<string, number>;
  v: number[];
  ref: number[];
  /** Neurons fired, per sample and timestep (in firing order). */
  spikes: number[][][];
  readIndex: number;
}

/** A run of T timesteps x S samples on a 1 x 1 chip, NCLS = 0, INPUT_ROWS = 0, stochastic = 0. */
export function referenceRun(t: RefTile, T: number, S: number, readIndex0 = 0): RefOutcome {
  const R = t.rows;
  const C = t.cols;
  const share = t.adcShare;
  const nadc = C / share;
  const vmin = -(2 ** (t.vBits - 1));
  const vmax = 2 ** (t.vBits - 1) - 1;
  const clampV = (x: number) => Math.min(vmax, Math.max(vmin, x));
  const v = new Array<number>(C).fill(0);
  const ref = new Array<number>(C).fill(0);
  const cnt: Record<string, number> = {
    timesteps: 0, axon_events_in: 0, crossbar_reads: 0, row_activations: 0, device_reads: 0, adc_conversions: 0,
    neuron_updates: 0, spikes: 0, packets_injected: 0, router_hops: 0, fifo_writes: 0, fifo_reads: 0, off_mesh_drops: 0,
  };
  let readIndex = readIndex0;
  let busy = 0;
  // Time: cycle numbers relative to the start edge a = 0. The first step is offered in cycle 1.
  let now = 1;
  const spikes: number[][][] = [];
  for (let s = 0; s < S; s++) {
    // SAMPLE_START: clear; nothing to encode: idle from the next cycle.
    v.fill(0);
    ref.fill(0);
    let next = new Set<number>();
    now += 1;
    const perStep: number[][] = [];
    for (let k = 1; k <= T; k++) {
      const e = now;
      cnt.timesteps++;
      const cur = new Set<number>([...next, ...t.alwaysOn]);
      next = new Set<number>();
      const key = readKey(t.seed, readIndex);
      readIndex = (readIndex + 1) >>> 0;
      cnt.crossbar_reads++;
      cnt.row_activations += cur.size;
      cnt.device_reads += 2 * cur.size * C;
      cnt.adc_conversions += C;
      const code = (c: number) => {
        let I = 0;
        for (const r of cur) {
          const lp = t.plus[r * C + c]!;
          const lm = t.minus[r * C + c]!;
          I += noisyRead(lp, t.sigma[lp]!, deviateZ(key, deviceId(r, c, C, false)));
          I -= noisyRead(lm, t.sigma[lm]!, deviateZ(key, deviceId(r, c, C, true)));
        }
        return adcCode(I, t.shift, t.adcBits);
      };
      const fired: number[] = [];
      // round timing: round 0 starts in cycle e+1, conv_done R + 3 cycles after each round's start
      let cap = e + 1 + R + 3;
      let idleFrom = 0;
      let lastDelivery = -1;
      for (let j = 0; j < share; j++) {
        const b = Math.max(cap + 1, idleFrom);
        cnt.neuron_updates += nadc;
        const firedNow: number[] = [];
        for (let a = 0; a < nadc; a++) {
          const n = a * share + j;
          if (ref[n]! > 0) {
            ref[n]!--;
            continue;
          }
          const v1 = clampV(v[n]! + code(n) - t.leak);
          if (v1 - t.threshold >= 0) {
            v[n] = t.resetMode ? clampV(v1 - t.threshold) : 0;
            ref[n] = t.refractory;
            firedNow.push(n);
          } else v[n] = v1;
        }
        cnt.spikes += firedNow.length;
        fired.push(...firedNow);
        // the emitter: picks from cycle b+1, 2 + s cycles per spike, packet i at edge c+1+i
        let c = b + 1;
        for (const n of firedNow) {
          const slots = t.routes[n]!.filter((x) => x !== undefined);
          slots.forEach((dst, i) => {
            const edgeIn = c + 2 + i;
            cnt.packets_injected++;
            cnt.fifo_writes++;
            cnt.fifo_reads++;
            // one edge later it leaves: to the local output, or off the mesh's east / south edge
            lastDelivery = Math.max(lastDelivery, edgeIn + 1);
            if (dst!.destX === 0 && dst!.destY === 0) {
              cnt.router_hops++;
              cnt.axon_events_in++;
              if (dst!.id < R) next.add(dst!.id);
            } else cnt.off_mesh_drops++;
          });
          c += 2 + slots.length;
        }
        idleFrom = c;
        cap = Math.max(cap + R + 3, b);
      }
      perStep.push(fired);
      busy += idleFrom - e - 1;
      // the barrier also waits for the network to be empty
      now = Math.max(idleFrom, lastDelivery + 1);
    }
    spikes.push(perStep);
    // SAMPLE_END with no classes: nothing; idle from the next cycle
    now += 1;
  }
  // RUN_END with no classes closes the run at its edge; the barrier holds in the next cycle, where the run ends.
  now += 1;
  return { runCycles: now, busyCycles: busy, counters: cnt, v, ref, spikes, readIndex };
}
