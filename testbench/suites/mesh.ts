// Co-simulation suites for the W x H router mesh (rtl/chip/mesh.ts) against
// the emulator's mesh: random traffic at every local input, hot-spot bursts,
// multicast sequences and random backpressure at every local output; and for
// the mesh with a multicast injector at every node (rtl/chip/multicast-mesh.ts).
import fc from 'fast-check';
import { Mesh } from '../../rtl/chip/mesh.ts';
import { MulticastMesh } from '../../rtl/chip/multicast-mesh.ts';
import { MeshEmulator, MulticastMeshEmulator, mulberry32, unpackFlit, type RouterParams } from '../../emulator/router/index.ts';
import { CycleCommand, type CosimState, type CycleModel, type CycleRecorder, type Values } from '../cosim/cycle-model.ts';
import type { CosimSuite } from '../cosim/suite.ts';
import { flitOut, idleInputs, trafficCommands, type TrafficPorts } from './router.ts';

export interface MeshSuiteConfig extends RouterParams {
  width: number;
  height: number;
}

const meshParams = (c: MeshSuiteConfig): RouterParams => ({
  xBits: c.xBits,
  yBits: c.yBits,
  idBits: c.idBits,
  payloadBits: c.payloadBits,
  fifoDepth: c.fifoDepth,
});

/** Node n of the emulator is router (n mod W, n div W). */
const nodeName = (c: MeshSuiteConfig, n: number) => `${n % c.width}_${Math.floor(n / c.width)}`;

/** The emulator's mesh as a cycle model of Mesh's ports. */
export class MeshCycleModel implements CycleModel {
  readonly mesh: MeshEmulator;
  private readonly names: string[];
  constructor(readonly config: MeshSuiteConfig) {
    this.mesh = new MeshEmulator(config.width, config.height, meshParams(config));
    this.names = Array.from({ length: this.mesh.nodes }, (_, n) => nodeName(config, n));
  }
  outputs(): Record<string, bigint | undefined> {
    const out: Record<string, bigint | undefined> = {};
    this.mesh.evaluate();
    this.names.forEach((name, n) => {
      const f = this.mesh.localOut(n);
      out[`local_in_${name}_ready`] = this.mesh.localInReady(n) ? 1n : 0n;
      out[`local_out_${name}_valid`] = f === undefined ? 0n : 1n;
      out[`local_out_${name}_bits`] = flitOut(this.mesh.params, f);
    });
    out.off_mesh_drops = BigInt(this.mesh.offMeshDrops);
    return out;
  }
  step(inputs: Values): void {
    if (inputs.reset) return this.mesh.reset();
    const p = this.mesh.params;
    this.mesh.step(
      this.names.map((name) => (inputs[`local_in_${name}_valid`] === 1n ? unpackFlit(p, inputs[`local_in_${name}_bits`]) : undefined)),
      this.names.map((name) => inputs[`local_out_${name}_ready`] === 1n),
    );
  }
}

function meshTraffic(c: MeshSuiteConfig): TrafficPorts {
  const names = Array.from({ length: c.width * c.height }, (_, n) => nodeName(c, n));
  const spaceX = 2 ** c.xBits;
  const spaceY = 2 ** c.yBits;
  const offMeshPossible = spaceX > c.width || spaceY > c.height;
  return {
    sources: names.map((n) => `local_in_${n}`),
    sinks: names.map((n) => `local_out_${n}`),
    params: meshParams(c),
    // Mostly inside the mesh; now and then anywhere the fields can address (dropped at the edge).
    destination: (rng) =>
      offMeshPossible && rng() < 0.05
        ? [Math.floor(rng() * spaceX), Math.floor(rng() * spaceY)]
        : [Math.floor(rng() * c.width), Math.floor(rng() * c.height)],
  };
}

export const DEFAULT_MESH_SUITE_CONFIG: MeshSuiteConfig = { width: 2, height: 2, xBits: 2, yBits: 2, idBits: 8, payloadBits: 0, fifoDepth: 4 };

export const meshSuite: CosimSuite<MeshSuiteConfig> = {
  target: 'mesh',
  description: 'W x H mesh of routers vs the emulator: random traffic, hot-spot bursts, multicast sequences, random local backpressure',
  defaultConfig: DEFAULT_MESH_SUITE_CONFIG,
  randomConfigs: (rng, count) =>
    Array.from({ length: count }, () => ({
      width: 1 + Math.floor(rng() * 4),
      height: 1 + Math.floor(rng() * 4),
      xBits: 2,
      yBits: 2,
      idBits: 1 + Math.floor(rng() * 8),
      payloadBits: Math.floor(rng() * 4),
      fifoDepth: 1 + Math.floor(rng() * 4),
    })),
  describeConfig: (c) => `${c.width} x ${c.height}, x/y/id/payload bits ${c.xBits}/${c.yBits}/${c.idBits}/${c.payloadBits}, FIFO depth ${c.fifoDepth}`,
  design: (c) => Mesh(c.width, c.height, meshParams(c)),
  model: (c) => new MeshCycleModel(c),
  defaults: (c) => idleInputs(meshTraffic(c)),
  commands: (c, replayPath) => trafficCommands(meshTraffic(c), (c.width + c.height) * c.fifoDepth * 3 + 8, replayPath),
};

// ---- the mesh with multicast injectors ---------------------------------------------------------

export interface MulticastMeshSuiteConfig extends MeshSuiteConfig {
  neuronBits: number;
  fanout: number;
}

/** The emulator's injectors + mesh as a cycle model of MulticastMesh's ports. */
export class MulticastMeshCycleModel implements CycleModel {
  readonly net: MulticastMeshEmulator;
  private readonly names: string[];
  constructor(readonly config: MulticastMeshSuiteConfig) {
    this.net = new MulticastMeshEmulator(config.width, config.height, meshParams(config), config.neuronBits, config.fanout);
    this.names = Array.from({ length: config.width * config.height }, (_, n) => nodeName(config, n));
  }
  outputs(): Record<string, bigint | undefined> {
    const out: Record<string, bigint | undefined> = {};
    const mesh = this.net.mesh;
    mesh.evaluate();
    this.names.forEach((name, n) => {
      const f = mesh.localOut(n);
      out[`spike_${name}_ready`] = this.net.injectors[n].spikeReady ? 1n : 0n;
      out[`local_out_${name}_valid`] = f === undefined ? 0n : 1n;
      out[`local_out_${name}_bits`] = flitOut(mesh.params, f);
    });
    out.off_mesh_drops = BigInt(mesh.offMeshDrops);
    return out;
  }
  step(i: Values): void {
    if (i.reset) return this.net.reset();
    this.net.step(
      this.names.map((name) => (i[`spike_${name}_valid`] === 1n ? { neuron: Number(i[`spike_${name}_neuron`]), payload: Number(i[`spike_${name}_payload`] ?? 0n) } : undefined)),
      this.names.map((name) => i[`local_out_${name}_ready`] === 1n),
      i.table_write_en === 1n
        ? {
            x: Number(i.table_write_x),
            y: Number(i.table_write_y),
            neuron: Number(i.table_write_neuron),
            slot: Number(i.table_write_slot),
            enabled: i.table_write_enabled === 1n,
            destX: Number(i.table_write_dest_x),
            destY: Number(i.table_write_dest_y),
            id: Number(i.table_write_dest_id),
          }
        : undefined,
    );
  }
}

function multicastMeshCommands(c: MulticastMeshSuiteConfig, replayPath?: string) {
  const names = Array.from({ length: c.width * c.height }, (_, n) => nodeName(c, n));
  const seed = fc.integer({ min: 0, max: 0x7fffffff });
  const rows = 2 ** c.neuronBits;
  const dest = (rng: () => number, hot?: [number, number]): [number, number] => hot ?? [Math.floor(rng() * c.width), Math.floor(rng() * c.height)];
  const write = (x: number, y: number, neuron: number, slot: number, rng: () => number, hot?: [number, number]): Partial<Values> => {
    const [dx, dy] = dest(rng, hot);
    return {
      table_write_en: 1n,
      table_write_x: BigInt(x),
      table_write_y: BigInt(y),
      table_write_neuron: BigInt(neuron),
      table_write_slot: BigInt(slot),
      table_write_enabled: rng() < 0.75 ? 1n : 0n,
      table_write_dest_x: BigInt(dx),
      table_write_dest_y: BigInt(dy),
      table_write_dest_id: BigInt(Math.floor(rng() * 2 ** c.idBits)),
    };
  };
  // Program every slot of every injector; with a hot spot, every slot points at one router.
  const programAll = fc.tuple(seed, fc.boolean()).map(([s, hotSpot]) => {
    const rng = mulberry32(s);
    const hot = hotSpot ? dest(rng) : undefined;
    const cycles: Partial<Values>[] = [];
    for (let n = 0; n < names.length; n++)
      for (let r = 0; r < rows; r++) for (let k = 0; k < c.fanout; k++) cycles.push(write(n % c.width, Math.floor(n / c.width), r, k, rng, hot));
    return new CycleCommand(`program-all(seed ${s}${hot ? `, hot spot ${hot.join(',')}` : ''})`, cycles);
  });
  const spikes = fc.tuple(seed, fc.integer({ min: 1, max: 16 }), fc.constantFrom(0.2, 0.6, 1), fc.constantFrom(0.2, 0.6, 1)).map(([s, k, pSpike, pReady]) => {
    const rng = mulberry32(s);
    const cycles = Array.from({ length: k }, () => {
      const cyc: Partial<Values> = {};
      for (const name of names) {
        const spike = rng() < pSpike;
        cyc[`spike_${name}_valid`] = spike ? 1n : 0n;
        cyc[`spike_${name}_neuron`] = BigInt(Math.floor(rng() * rows));
        if (c.payloadBits > 0) cyc[`spike_${name}_payload`] = BigInt(Math.floor(rng() * 2 ** c.payloadBits));
        cyc[`local_out_${name}_ready`] = rng() < pReady ? 1n : 0n;
      }
      // Now and then a table write while events are being replicated.
      if (rng() < 0.1) Object.assign(cyc, write(Math.floor(rng() * c.width), Math.floor(rng() * c.height), Math.floor(rng() * rows), Math.floor(rng() * c.fanout), rng));
      return cyc;
    });
    return new CycleCommand(`spikes(seed ${s}, ${k} cycles, spike ${pSpike}, ready ${pReady})`, cycles);
  });
  const drainAll = fc.integer({ min: 1, max: (c.width + c.height) * c.fifoDepth * 3 + 8 }).map((k) => {
    const cyc: Partial<Values> = {};
    for (const name of names) cyc[`local_out_${name}_ready`] = 1n;
    return new CycleCommand(`drain(${k})`, Array.from({ length: k }, () => cyc));
  });
  return fc.commands<CosimState, CycleRecorder>([programAll, spikes, spikes, drainAll], { maxCommands: 25, replayPath });
}

export const DEFAULT_MULTICAST_MESH_CONFIG: MulticastMeshSuiteConfig = { ...DEFAULT_MESH_SUITE_CONFIG, neuronBits: 1, fanout: 3 };

export const multicastMeshSuite: CosimSuite<MulticastMeshSuiteConfig> = {
  target: 'multicast-mesh',
  description: 'mesh with a multicast injector at every node vs the emulator: routing tables, spike events, hot spots, random local backpressure',
  defaultConfig: DEFAULT_MULTICAST_MESH_CONFIG,
  randomConfigs: (rng, count) =>
    meshSuite.randomConfigs(rng, count).map((m) => ({ ...m, neuronBits: 1 + Math.floor(rng() * 2), fanout: 1 + Math.floor(rng() * 3) })),
  describeConfig: (c) => `${meshSuite.describeConfig(c)}, ${2 ** c.neuronBits} neurons x ${c.fanout} slots per node`,
  design: (c) => MulticastMesh(c.width, c.height, meshParams(c), c.neuronBits, c.fanout),
  model: (c) => new MulticastMeshCycleModel(c),
  defaults: (c) => {
    const v: Values = {
      table_write_en: 0n,
      table_write_x: 0n,
      table_write_y: 0n,
      table_write_neuron: 0n,
      table_write_slot: 0n,
      table_write_enabled: 0n,
      table_write_dest_x: 0n,
      table_write_dest_y: 0n,
      table_write_dest_id: 0n,
    };
    for (let n = 0; n < c.width * c.height; n++) {
      const name = nodeName(c, n);
      Object.assign(v, { [`spike_${name}_valid`]: 0n, [`spike_${name}_neuron`]: 0n, [`local_out_${name}_ready`]: 0n });
      if (c.payloadBits > 0) v[`spike_${name}_payload`] = 0n;
    }
    return v;
  },
  commands: (c, replayPath) => multicastMeshCommands(c, replayPath),
};
