// Co-simulation suites for the address-event router (rtl/router) against the
// emulator (emulator/router): the 5-port router alone, and the multicast
// injector. The traffic helpers here are shared with the mesh suite.
import fc from 'fast-check';
import { checkInt } from '../../gen/lib/params.ts';
import { Router } from '../../rtl/router/router.ts';
import { MulticastInjector } from '../../rtl/router/injector.ts';
import {
  MulticastInjector as InjectorEmulator,
  mulberry32,
  packFlit,
  PORT_NAMES,
  RouterEmulator,
  unpackFlit,
  type Flit,
  type InjectorParams,
  type RouterParams,
} from '../../emulator/router/index.ts';
import { CycleCommand, type CosimState, type CycleModel, type CycleRecorder, type Values } from '../cosim/cycle-model.ts';
import type { CosimSuite } from '../cosim/suite.ts';

// ---- traffic shared by the router and mesh suites ----------------------------------------

/** Where traffic enters and leaves a block: valid/bits inputs and ready inputs, by port-name prefix. */
export interface TrafficPorts {
  /** Prefixes of consumer ports: `<p>_valid`, `<p>_bits` are inputs, `<p>_ready` an output. */
  sources: string[];
  /** Prefixes of producer ports whose `<p>_ready` the testbench drives. */
  sinks: string[];
  params: RouterParams;
  /** A random destination (x, y) for a flit. */
  destination(rng: () => number): [number, number];
}

const bit = (b: boolean): bigint => (b ? 1n : 0n);
const hex = (v: bigint) => `0x${v.toString(16)}`;

function randomFlit(t: TrafficPorts, rng: () => number, dest?: [number, number]): bigint {
  const [destX, destY] = dest ?? t.destination(rng);
  const id = Math.floor(rng() * 2 ** t.params.idBits);
  const payload = t.params.payloadBits > 0 ? Math.floor(rng() * 2 ** t.params.payloadBits) : 0;
  return packFlit(t.params, { destX, destY, id, payload });
}

/** Random sink readiness for one cycle. */
function readyCycle(t: TrafficPorts, rng: () => number, pReady: number): Partial<Values> {
  const c: Partial<Values> = {};
  for (const s of t.sinks) c[`${s}_ready`] = bit(rng() < pReady);
  return c;
}

/** k cycles where each source offers a random flit with probability pValid and each sink is ready with probability pReady. */
function randomTraffic(t: TrafficPorts, seed: number, k: number, pValid: number, pReady: number): CycleCommand {
  const rng = mulberry32(seed);
  const cycles = Array.from({ length: k }, () => {
    const c = readyCycle(t, rng, pReady);
    for (const s of t.sources) {
      const valid = rng() < pValid;
      c[`${s}_valid`] = bit(valid);
      c[`${s}_bits`] = valid ? randomFlit(t, rng) : 0n;
    }
    return c;
  });
  return new CycleCommand(`random(seed ${seed}, ${k} cycles, valid ${pValid}, ready ${pReady})`, cycles);
}

/** Every source sends to one destination for k cycles (a hot spot). */
function burst(t: TrafficPorts, seed: number, k: number, pReady: number): CycleCommand {
  const rng = mulberry32(seed);
  const dest = t.destination(rng);
  const cycles = Array.from({ length: k }, () => {
    const c = readyCycle(t, rng, pReady);
    for (const s of t.sources) {
      c[`${s}_valid`] = 1n;
      c[`${s}_bits`] = randomFlit(t, rng, dest);
    }
    return c;
  });
  return new CycleCommand(`burst(to ${dest.join(',')}, seed ${seed}, ${k} cycles, ready ${pReady})`, cycles);
}

function drain(t: TrafficPorts, k: number): CycleCommand {
  const c: Partial<Values> = {};
  for (const s of t.sinks) c[`${s}_ready`] = 1n;
  return new CycleCommand(`drain(${k})`, Array.from({ length: k }, () => c));
}

/**
 * A multicast event as the injector would produce it: one source sends the
 * same id and payload to each destination in turn, holding valid until its
 * input accepts the flit (it looks at the model's ready), with random sink
 * readiness meanwhile.
 */
class MulticastSequence implements fc.Command<CosimState, CycleRecorder> {
  constructor(
    readonly t: TrafficPorts,
    readonly source: string,
    readonly flits: bigint[],
    readonly seed: number,
    readonly pReady: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(state: CosimState, rec: CycleRecorder): void {
    rec.commandIndex++;
    const rng = mulberry32(this.seed);
    let next = 0;
    // Bounded: a sink that is never ready must not hang the run.
    for (let cycle = 0; next < this.flits.length && cycle < 8 * this.flits.length + 16; cycle++) {
      const inputs = { ...state.defaults, ...readyCycle(this.t, rng, this.pReady), [`${this.source}_valid`]: 1n, [`${this.source}_bits`]: this.flits[next] } as Values;
      const expected = state.model.outputs(inputs);
      rec.inputs.push(inputs);
      rec.expected.push(expected);
      rec.commandOf.push(rec.commandIndex);
      if (expected[`${this.source}_ready`] === 1n) next++;
      state.model.step(inputs);
    }
  }
  toString(): string {
    return `multicast(${this.source}: ${this.flits.map(hex).join(' ')}, seed ${this.seed}, ready ${this.pReady})`;
  }
}

const destOf = ([destX, destY]: [number, number]): Pick<Flit, 'destX' | 'destY'> => ({ destX, destY });

/** The traffic commands both suites use. */
export function trafficCommands(t: TrafficPorts, maxDrain: number, replayPath?: string) {
  const seed = fc.integer({ min: 0, max: 0x7fffffff });
  const pValid = fc.constantFrom(0.2, 0.5, 0.9, 1);
  const pReady = fc.constantFrom(0, 0.3, 0.7, 1);
  return fc.commands<CosimState, CycleRecorder>(
    [
      fc.tuple(seed, fc.integer({ min: 1, max: 12 }), pValid, pReady).map(([s, k, v, r]) => randomTraffic(t, s, k, v, r)),
      fc.tuple(seed, fc.integer({ min: 2, max: 12 }), pReady).map(([s, k, r]) => burst(t, s, k, r)),
      fc.integer({ min: 1, max: maxDrain }).map((k) => drain(t, k)),
      fc
        .tuple(fc.constantFrom(...t.sources), seed, fc.integer({ min: 2, max: 6 }), pReady)
        .map(([src, s, n, r]) => {
          const rng = mulberry32(s);
          const first = unpackFlit(t.params, randomFlit(t, rng));
          const flits = Array.from({ length: n }, () => packFlit(t.params, { ...first, ...destOf(t.destination(rng)) }));
          return new MulticastSequence(t, src, flits, s, r);
        }),
    ],
    { maxCommands: 40, replayPath },
  );
}

/** Defaults: nothing offered, nothing ready. */
export function idleInputs(t: TrafficPorts): Values {
  const v: Values = {};
  for (const s of t.sources) Object.assign(v, { [`${s}_valid`]: 0n, [`${s}_bits`]: 0n });
  for (const s of t.sinks) v[`${s}_ready`] = 0n;
  return v;
}

/** The bits of an output port: the packed flit while valid, zero otherwise (the spec pins both). */
export function flitOut(p: RouterParams, f: Flit | undefined): bigint {
  return f === undefined ? 0n : packFlit(p, f);
}

// ---- the router alone ------------------------------------------------------------------

export interface RouterSuiteConfig extends RouterParams {
  /** The router's own coordinates (its here_x / here_y inputs). */
  hereX: number;
  hereY: number;
}

const routerParams = (c: RouterSuiteConfig): RouterParams => ({
  xBits: c.xBits,
  yBits: c.yBits,
  idBits: c.idBits,
  payloadBits: c.payloadBits,
  fifoDepth: c.fifoDepth,
});

/** The emulator's router as a cycle model of Router's ports. */
/** here_x / here_y must fit their ports (an ElaborationError: the CLI reports it as bad input). */
function checkHere(c: RouterSuiteConfig): void {
  checkInt('router', 'hereX', c.hereX, 0, 2 ** c.xBits - 1);
  checkInt('router', 'hereY', c.hereY, 0, 2 ** c.yBits - 1);
}

export class RouterCycleModel implements CycleModel {
  readonly router: RouterEmulator;
  constructor(readonly config: RouterSuiteConfig) {
    checkHere(config);
    this.router = new RouterEmulator(routerParams(config), config.hereX, config.hereY);
  }
  outputs(): Record<string, bigint | undefined> {
    const r = this.router;
    r.arbitrate();
    const out: Record<string, bigint | undefined> = {};
    PORT_NAMES.forEach((p, i) => {
      out[`in_${p}_ready`] = bit(r.inReady(i));
      out[`out_${p}_valid`] = bit(r.outValid(i));
      out[`out_${p}_bits`] = flitOut(r.params, r.outFlit(i));
    });
    return out;
  }
  step(inputs: Values): void {
    if (inputs.reset) return this.router.reset();
    const p = this.router.params;
    const offered = PORT_NAMES.map((n) => (inputs[`in_${n}_valid`] === 1n ? unpackFlit(p, inputs[`in_${n}_bits`]) : undefined));
    this.router.step(
      offered,
      PORT_NAMES.map((n) => inputs[`out_${n}_ready`] === 1n),
    );
  }
}

function routerTraffic(c: RouterSuiteConfig): TrafficPorts {
  return {
    sources: PORT_NAMES.map((p) => `in_${p}`),
    sinks: PORT_NAMES.map((p) => `out_${p}`),
    params: routerParams(c),
    // Any destination: a lone router routes every (x, y), also beyond a mesh's edge.
    destination: (rng) => [Math.floor(rng() * 2 ** c.xBits), Math.floor(rng() * 2 ** c.yBits)],
  };
}

export const DEFAULT_ROUTER_SUITE_CONFIG: RouterSuiteConfig = { xBits: 2, yBits: 2, idBits: 8, payloadBits: 0, fifoDepth: 4, hereX: 1, hereY: 2 };

export const routerSuite: CosimSuite<RouterSuiteConfig> = {
  target: 'router',
  description: '5-port address-event router vs the emulator: random traffic, hot-spot bursts, multicast sequences, random backpressure',
  defaultConfig: DEFAULT_ROUTER_SUITE_CONFIG,
  randomConfigs: (rng, count) =>
    Array.from({ length: count }, () => {
      const xBits = 1 + Math.floor(rng() * 3);
      const yBits = 1 + Math.floor(rng() * 3);
      return {
        xBits,
        yBits,
        idBits: 1 + Math.floor(rng() * 10),
        payloadBits: Math.floor(rng() * 6),
        fifoDepth: 1 + Math.floor(rng() * 6),
        hereX: Math.floor(rng() * 2 ** xBits),
        hereY: Math.floor(rng() * 2 ** yBits),
      };
    }),
  describeConfig: (c) => `at (${c.hereX},${c.hereY}), x/y/id/payload bits ${c.xBits}/${c.yBits}/${c.idBits}/${c.payloadBits}, FIFO depth ${c.fifoDepth}`,
  design: (c) => {
    checkHere(c);
    return Router(routerParams(c));
  },
  model: (c) => new RouterCycleModel(c),
  defaults: (c) => ({ ...idleInputs(routerTraffic(c)), here_x: BigInt(c.hereX), here_y: BigInt(c.hereY) }),
  commands: (c, replayPath) => trafficCommands(routerTraffic(c), 5 * c.fifoDepth + 4, replayPath),
};

// ---- the multicast injector --------------------------------------------------------------

export const DEFAULT_MULTICAST_CONFIG: InjectorParams = { xBits: 2, yBits: 2, idBits: 8, payloadBits: 0, neuronBits: 3, fanout: 4 };

/** The emulator's injector as a cycle model of MulticastInjector's ports. */
export class InjectorCycleModel implements CycleModel {
  readonly injector: InjectorEmulator;
  constructor(readonly params: InjectorParams) {
    this.injector = new InjectorEmulator(params);
  }
  outputs(): Record<string, bigint | undefined> {
    const f = this.injector.packet();
    return {
      spike_ready: bit(this.injector.spikeReady),
      packet_valid: bit(f !== undefined),
      packet_bits: flitOut({ ...this.params, fifoDepth: 1 }, f),
    };
  }
  step(i: Values): void {
    if (i.reset) return this.injector.reset();
    const spike = i.spike_valid === 1n ? { neuron: Number(i.spike_neuron), payload: Number(i.spike_payload ?? 0n) } : undefined;
    const write =
      i.table_write_en === 1n
        ? {
            neuron: Number(i.table_write_neuron),
            slot: Number(i.table_write_slot),
            enabled: i.table_write_enabled === 1n,
            destX: Number(i.table_write_dest_x),
            destY: Number(i.table_write_dest_y),
            id: Number(i.table_write_dest_id),
          }
        : undefined;
    this.injector.step(spike, i.packet_ready === 1n, write);
  }
}

function injectorCommands(p: InjectorParams, replayPath?: string) {
  const seed = fc.integer({ min: 0, max: 0x7fffffff });
  const slotBits = Math.max(1, (p.fanout - 1).toString(2).length);
  const writeCycle = (rng: () => number, neuron?: number, slot?: number): Partial<Values> => ({
    table_write_en: 1n,
    table_write_neuron: BigInt(neuron ?? Math.floor(rng() * 2 ** p.neuronBits)),
    // Also slot numbers beyond fanout (ignored by the spec) when fanout is not a power of two.
    table_write_slot: BigInt(slot ?? Math.floor(rng() * 2 ** slotBits)),
    table_write_enabled: bit(rng() < 0.7),
    table_write_dest_x: BigInt(Math.floor(rng() * 2 ** p.xBits)),
    table_write_dest_y: BigInt(Math.floor(rng() * 2 ** p.yBits)),
    table_write_dest_id: BigInt(Math.floor(rng() * 2 ** p.idBits)),
  });
  const spikeCycle = (rng: () => number): Partial<Values> => ({
    spike_valid: 1n,
    spike_neuron: BigInt(Math.floor(rng() * 2 ** p.neuronBits)),
    ...(p.payloadBits > 0 ? { spike_payload: BigInt(Math.floor(rng() * 2 ** p.payloadBits)) } : {}),
  });
  return fc.commands<CosimState, CycleRecorder>(
    [
      // Program one neuron's whole row.
      seed.map((s) => {
        const rng = mulberry32(s);
        const neuron = Math.floor(rng() * 2 ** p.neuronBits);
        return new CycleCommand(`program(neuron ${neuron}, seed ${s})`, Array.from({ length: p.fanout }, (_, k) => writeCycle(rng, neuron, k)));
      }),
      // Spikes, table writes and backpressure at random, cycle by cycle.
      fc.tuple(seed, fc.integer({ min: 1, max: 16 }), fc.constantFrom(0.2, 0.6, 1), fc.constantFrom(0, 0.1, 0.5)).map(([s, k, pReady, pWrite]) => {
        const rng = mulberry32(s);
        const cycles = Array.from({ length: k }, () => ({
          packet_ready: bit(rng() < pReady),
          ...(rng() < 0.5 ? spikeCycle(rng) : {}),
          ...(rng() < pWrite ? writeCycle(rng) : {}),
        }));
        return new CycleCommand(`random(seed ${s}, ${k} cycles, ready ${pReady}, writes ${pWrite})`, cycles);
      }),
      fc.integer({ min: 1, max: p.fanout + 3 }).map((k) => new CycleCommand(`drain(${k})`, Array.from({ length: k }, () => ({ packet_ready: 1n })))),
    ],
    { maxCommands: 40, replayPath },
  );
}

export const multicastSuite: CosimSuite<InjectorParams> = {
  target: 'multicast',
  description: 'multicast injector (routing table, one packet per enabled slot) vs the emulator',
  defaultConfig: DEFAULT_MULTICAST_CONFIG,
  randomConfigs: (rng, count) =>
    Array.from({ length: count }, () => ({
      xBits: 1 + Math.floor(rng() * 3),
      yBits: 1 + Math.floor(rng() * 3),
      idBits: 1 + Math.floor(rng() * 8),
      payloadBits: Math.floor(rng() * 4),
      neuronBits: 1 + Math.floor(rng() * 3),
      fanout: 1 + Math.floor(rng() * 5),
    })),
  describeConfig: (p) => `${2 ** p.neuronBits} neurons x ${p.fanout} slots, x/y/id/payload bits ${p.xBits}/${p.yBits}/${p.idBits}/${p.payloadBits}`,
  design: (p) => MulticastInjector(p),
  model: (p) => new InjectorCycleModel(p),
  defaults: (p) => ({
    spike_valid: 0n,
    spike_neuron: 0n,
    ...(p.payloadBits > 0 ? { spike_payload: 0n } : {}),
    packet_ready: 0n,
    table_write_en: 0n,
    table_write_neuron: 0n,
    table_write_slot: 0n,
    table_write_enabled: 0n,
    table_write_dest_x: 0n,
    table_write_dest_y: 0n,
    table_write_dest_id: 0n,
  }),
  commands: (p, replayPath) => injectorCommands(p, replayPath),
};
