// Traffic for the mesh emulator: uniform random destinations with Bernoulli
// injection at a given rate, unbounded source queues in front of the local
// inputs (so offered load above saturation shows up as latency, not loss),
// always-ready local outputs, and an exactly-once delivery check.
import type { Flit, RouterParams } from './flit.ts';
import { MeshEmulator } from './mesh.ts';
import { mulberry32 } from '../device/rng.ts';

// Re-exported: the router suites and tests draw their traffic from the same generator.
export { mulberry32 };

export interface TrafficOptions {
  width: number;
  height: number;
  params: RouterParams;
  /** Offered load: probability that a node creates a packet in a cycle. */
  rate: number;
  /** Create this many packets in total, then drain. */
  packets: number;
  seed?: number;
  /** Packets created before this cycle are left out of the latency figures. */
  warmupCycles?: number;
  /** Give up draining after this many cycles past the last creation (a deadlock). */
  drainLimit?: number;
}

export interface TrafficResult {
  packets: number;
  delivered: number;
  lost: number;
  duplicated: number;
  misrouted: number;
  cycles: number;
  /** Cycles during which packets were being created. */
  injectionCycles: number;
  /** Mean cycles from creation to delivery (includes waiting in the source queue). */
  meanLatency: number;
  /** Mean cycles from acceptance by the local input to delivery. */
  meanNetworkLatency: number;
  maxLatency: number;
  /** Delivered packets per node per cycle while packets were being created. */
  throughput: number;
  seconds: number;
}

interface Pending {
  flit: Flit;
  created: number;
}

/** Runs uniform random traffic through a mesh and checks that every packet arrives exactly once, at its destination. */
export function runUniformTraffic(o: TrafficOptions): TrafficResult {
  const start = performance.now();
  const rng = mulberry32(o.seed ?? 1);
  const mesh = new MeshEmulator(o.width, o.height, o.params);
  const nodes = mesh.nodes;
  const warmup = o.warmupCycles ?? 0;
  const created = new Float64Array(o.packets);
  const acceptedAt = new Float64Array(o.packets);
  const seen = new Uint8Array(o.packets);
  const sources: Pending[][] = Array.from({ length: nodes }, () => []);
  const heads = new Int32Array(nodes);
  const offered: (Flit | undefined)[] = new Array(nodes).fill(undefined);
  const ready: boolean[] = new Array(nodes).fill(true);
  const accepted: boolean[] = new Array(nodes).fill(false);
  const delivered: (Flit | undefined)[] = new Array(nodes).fill(undefined);
  const idMask = (1 << o.params.idBits) - 1;
  let made = 0;
  let done = 0;
  let duplicated = 0;
  let misrouted = 0;
  let latencySum = 0;
  let networkSum = 0;
  let measured = 0;
  let maxLatency = 0;
  let injectionCycles = 0;
  let deliveredDuringInjection = 0;
  let lastCreation = 0;
  const drainLimit = o.drainLimit ?? 100_000;
  for (let cycle = 0; ; cycle++) {
    const creating = made < o.packets;
    if (creating) {
      injectionCycles = cycle + 1;
      lastCreation = cycle;
      for (let n = 0; n < nodes && made < o.packets; n++) {
        if (rng() >= o.rate) continue;
        const dest = Math.floor(rng() * nodes);
        const tag = made++;
        created[tag] = cycle;
        sources[n].push({ flit: { destX: dest % o.width, destY: Math.floor(dest / o.width), id: tag & idMask, payload: 0, tag }, created: cycle });
      }
    } else if (done + duplicated >= o.packets && mesh.occupancy() === 0) {
      return finish(cycle);
    } else if (cycle - lastCreation > drainLimit) {
      return finish(cycle);
    }
    for (let n = 0; n < nodes; n++) offered[n] = heads[n] < sources[n].length ? sources[n][heads[n]].flit : undefined;
    mesh.step(offered, ready, accepted, delivered);
    for (let n = 0; n < nodes; n++) {
      if (accepted[n]) {
        acceptedAt[offered[n]!.tag!] = cycle;
        // Drop consumed entries now and then so the source queue stays small.
        if (++heads[n] > 4096) {
          sources[n] = sources[n].slice(heads[n]);
          heads[n] = 0;
        }
      }
      const f = delivered[n];
      if (f === undefined) continue;
      const tag = f.tag!;
      if (seen[tag]) {
        duplicated++;
        continue;
      }
      seen[tag] = 1;
      done++;
      if (f.destY * o.width + f.destX !== n) misrouted++;
      if (creating && cycle >= warmup) deliveredDuringInjection++;
      if (created[tag] >= warmup) {
        const latency = cycle - created[tag];
        latencySum += latency;
        networkSum += cycle - acceptedAt[tag];
        measured++;
        if (latency > maxLatency) maxLatency = latency;
      }
    }
  }

  function finish(cycles: number): TrafficResult {
    return {
      packets: o.packets,
      delivered: done,
      lost: o.packets - done,
      duplicated,
      misrouted,
      cycles,
      injectionCycles,
      meanLatency: measured ? latencySum / measured : 0,
      meanNetworkLatency: measured ? networkSum / measured : 0,
      maxLatency,
      throughput: deliveredDuringInjection / (nodes * Math.max(1, injectionCycles - warmup)),
      seconds: (performance.now() - start) / 1000,
    };
  }
}
