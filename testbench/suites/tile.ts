// Co-simulation suite for one tile (rtl/tile) against the emulator's model
// (emulator/tile), every output on every cycle. A run programs the whole
// tile through its CSR port (crossbar, neurons, routes incl. recurrent ones,
// intensities, the sampler), then fast-check draws steps (samples of a few
// timesteps, run ends, odd step kinds), CSR reads and writes anywhere (holes
// and out-of-range addresses too, read-backs of every register), packets
// arriving on the mesh ports, back-pressure on the mesh outputs and on the
// CSR responses, and which ports face the mesh edge.
import fc from 'fast-check';
import { Tile } from '../../rtl/tile/index.ts';
import { tileConfigFromFlat, type FlatTileParams } from '../../rtl/tile/params.ts';
import { TileModel, type TileParams } from '../../emulator/tile/index.ts';
import { mulberry32 } from '../../emulator/device/rng.ts';
import type { CycleModel, Values } from '../cosim/cycle-model.ts';
import { ScriptCommand, type Driver, type Outputs } from '../cosim/script-command.ts';
import type { CommandList, CosimSuite } from '../cosim/suite.ts';
import { samplerWrites, STEP_KIND, TILE_CSR, tileProgram, type CsrWrite } from './tile-stimulus.ts';

/** The suite's configuration: the tile's parameters and where it sits. */
export interface TileSuiteConfig extends TileParams {
  hereX: number;
  hereY: number;
}

const MESH = ['north', 'east', 'south', 'west'] as const;

class TileCycleModel implements CycleModel {
  private readonly model: TileModel;
  constructor(p: TileParams) {
    this.model = new TileModel(p);
  }
  outputs(inputs: Values): Outputs {
    return this.model.outputs(inputs);
  }
  step(inputs: Values): void {
    this.model.step(inputs);
  }
}

const flitOf = (p: TileParams, x: number, y: number, id: number): bigint => {
  const idBits = Math.max(1, Math.ceil(Math.log2(p.rows)));
  return (BigInt(x) << BigInt(p.yBits + idBits)) | (BigInt(y) << BigInt(idBits)) | BigInt(id);
};

/** Host CSR accesses, each waiting on the model's ready and valid (with `respDelay` cycles of response back-pressure). */
export function csrAccess(d: Driver, write: boolean, addr: number, data: number, respDelay = 0, extra: () => Partial<Values> = () => ({})): bigint | undefined {
  d.until(() => ({ ...extra(), csr_req_valid: 1n, csr_req_write: write ? 1n : 0n, csr_req_addr: BigInt(addr), csr_req_wdata: BigInt(data >>> 0), csr_resp_ready: 0n }), (o) => o.csr_req_ready === 1n, 200_000, `CSR ${write ? 'write' : 'read'} 0x${addr.toString(16)}: request`);
  for (let i = 0; i < respDelay; i++) d.cycle({ ...extra(), csr_resp_ready: 0n });
  const o = d.until(() => ({ ...extra(), csr_resp_ready: 1n }), (o) => o.csr_resp_valid === 1n, 100, `CSR 0x${addr.toString(16)}: response`);
  return o.csr_resp_rdata;
}

export function programCommand(label: string, writes: CsrWrite[]): ScriptCommand {
  return new ScriptCommand(label, (d) => {
    for (const w of writes) csrAccess(d, true, w.addr, w.data);
  });
}

/** Random traffic on the mesh ports for a while, from `seed`: flits in, back-pressure out. */
function traffic(p: TileSuiteConfig, seed: number, injectPct: number, readyPct: number, edge: number) {
  const rng = mulberry32(seed);
  const idBits = Math.max(1, Math.ceil(Math.log2(p.rows)));
  return (inject: boolean): Partial<Values> => {
    const v: Partial<Values> = { mesh_edge: BigInt(edge), edge: BigInt(edge) };
    for (const port of MESH) {
      const send = inject && rng() * 100 < injectPct;
      // Mostly to this tile (delivered into its spike buffer), sometimes onwards.
      const toHere = rng() < 0.7;
      const x = toHere ? p.hereX : Math.floor(rng() * 2 ** p.xBits);
      const y = toHere ? p.hereY : Math.floor(rng() * 2 ** p.yBits);
      v[`in_${port}_valid`] = send ? 1n : 0n;
      v[`in_${port}_bits`] = send ? flitOf(p, x, y, Math.floor(rng() * 2 ** idBits)) : 0n;
      v[`out_${port}_ready`] = rng() * 100 < readyPct ? 1n : 0n;
    }
    return v;
  };
}

/** Offers a step until the tile takes it, then runs until it is idle and its router empty. */
function runStep(d: Driver, kind: number, drive: (inject: boolean) => Partial<Values>, injectCycles: number, limit: number): void {
  d.until(() => ({ ...drive(false), step_valid: 1n, step_kind: BigInt(kind) }), (o) => o.step_ready === 1n, limit, `step ${kind}: taken`);
  for (let i = 0; i < injectCycles; i++) d.cycle(drive(true));
  d.until(() => drive(false), (o) => o.step_ready === 1n && o.quiet === 1n, limit, `step ${kind}: done`);
}

export const tileSuite: CosimSuite<TileSuiteConfig> = {
  target: 'tile',
  description: 'one tile vs the emulator: programmed through its CSRs, steps with mesh traffic, CSR accesses anywhere, back-pressure',
  defaultConfig: {
    rows: 16, cols: 16, gbits: 4, adcBits: 8, adcShare: 4, vBits: 16, refBits: 4, fanout: 2, classes: 4, xBits: 1, yBits: 1, fifoDepth: 4,
    sampler: { lanes: 4, rows: 1, gbits: 4, adcBits: 8, numberBits: 8, windowLog2: 4, deadband: 2 },
    hereX: 1, hereY: 0,
  },
  randomConfigs: (rng, count) =>
    Array.from({ length: count }, () => {
      const share = 2 ** Math.floor(rng() * 3);
      const cols = share * (1 + Math.floor(rng() * 6));
      const xBits = 1 + Math.floor(rng() * 2);
      const yBits = 1 + Math.floor(rng() * 2);
      return {
        rows: 1 + Math.floor(rng() * 24), cols, gbits: 1 + Math.floor(rng() * 8), adcBits: 2 + Math.floor(rng() * 7), adcShare: share,
        vBits: 6 + Math.floor(rng() * 12), refBits: 1 + Math.floor(rng() * 4), fanout: 1 + Math.floor(rng() * 3), classes: Math.floor(rng() * (Math.min(16, cols) + 1)),
        xBits, yBits, fifoDepth: 1 + Math.floor(rng() * 4),
        sampler: { lanes: 1 + Math.floor(rng() * 5), rows: 1 + Math.floor(rng() * 2), gbits: 4, adcBits: 6 + Math.floor(rng() * 3), numberBits: 8, windowLog2: 3 + Math.floor(rng() * 3), deadband: 1 },
        hereX: Math.floor(rng() * 2 ** xBits), hereY: Math.floor(rng() * 2 ** yBits),
      };
    }),
  describeConfig: (p) => `${p.rows}x${p.cols}, share ${p.adcShare}, ${p.classes} classes, fanout ${p.fanout}, ${p.sampler.lanes} lanes, at (${p.hereX}, ${p.hereY})`,
  fromTargetParams: (p) => ({ ...tileConfigFromFlat(p as unknown as FlatTileParams), hereX: 0, hereY: 0 }),
  design: (p) => Tile(p),
  model: (p) => new TileCycleModel(p),
  defaults: (p) => {
    const d: Values = {
      here_x: BigInt(p.hereX), here_y: BigInt(p.hereY), mesh_edge: 0n, edge: 0n, step_valid: 0n, step_kind: 0n,
      csr_req_valid: 0n, csr_req_write: 0n, csr_req_addr: 0n, csr_req_wdata: 0n, csr_resp_ready: 1n,
    };
    for (const port of MESH) {
      d[`in_${port}_valid`] = 0n;
      d[`in_${port}_bits`] = 0n;
      d[`out_${port}_ready`] = 1n;
    }
    return d;
  },
  commands: (p, replayPath) => {
    const seed = fc.integer({ min: 0, max: 0xffffffff });
    const destinations = [{ x: p.hereX, y: p.hereY }, { x: p.hereX, y: p.hereY }, { x: (p.hereX + 1) % 2 ** p.xBits, y: p.hereY }, { x: p.hereX, y: (p.hereY + 1) % 2 ** p.yBits }];
    const timestepCycles = p.adcShare * (p.rows + 3) + 8;
    const limit = 50 * timestepCycles + 20 * p.cols * (p.fanout + 2) + 100_000;
    const program = fc.record({ s: seed, stochastic: fc.boolean(), tS: fc.constantFrom(0, 3600, 31536000) }).map(({ s, stochastic, tS }) =>
      programCommand(`program(seed ${s}, ${stochastic ? 'stochastic' : 'deterministic'}, t ${tS} s)`, tileProgram(p, s, { destinations, tS, routeDensity: 0.5, samplerSeed: s ^ 0x5a5a, stochastic })),
    );
    const trafficArb = fc.record({ s: seed, inject: fc.constantFrom(0, 5, 30), ready: fc.constantFrom(100, 60), edge: fc.integer({ min: 0, max: 15 }) });
    const sample = fc.record({ t: fc.integer({ min: 1, max: 4 }), tr: trafficArb, runEnd: fc.boolean() }).map(({ t, tr, runEnd }) =>
      new ScriptCommand(`sample(T ${t}, inject ${tr.inject}%, ready ${tr.ready}%, edge 0b${tr.edge.toString(2)}, seed ${tr.s}${runEnd ? ', then RUN_END' : ''})`, (d) => {
        const drive = traffic(p, tr.s, tr.inject, tr.ready, tr.edge);
        runStep(d, STEP_KIND.sampleStart, drive, 4, limit);
        for (let i = 0; i < t; i++) runStep(d, i === t - 1 ? STEP_KIND.timestepLast : STEP_KIND.timestep, drive, 10, limit);
        runStep(d, STEP_KIND.sampleEnd, drive, 0, limit);
        if (runEnd) runStep(d, STEP_KIND.runEnd, drive, 0, limit);
      }),
    );
    const oddStep = fc.record({ kind: fc.integer({ min: 0, max: 7 }), tr: trafficArb }).map(({ kind, tr }) =>
      new ScriptCommand(`step(${kind}, inject ${tr.inject}%, seed ${tr.s})`, (d) => runStep(d, kind, traffic(p, tr.s, tr.inject, tr.ready, tr.edge), 3, limit)),
    );
    // Any address: the register block, the regions (also beyond the array), and holes.
    const address = fc.oneof(
      fc.integer({ min: 0, max: 0xff }),
      fc.integer({ min: 0x100, max: 0x1ff }),
      fc.integer({ min: 0x400, max: 0x4ff }),
      fc.integer({ min: 0x800, max: 0x8ff }),
      fc.integer({ min: 0xc00, max: 0xcff }),
      fc.integer({ min: 0x1000, max: 0x1fff }),
      fc.integer({ min: 0x2000, max: 0x2fff }),
      fc.integer({ min: 0x10000, max: 0x1ffff }),
      fc.integer({ min: 0, max: 0x1ffff }),
    );
    // Random writes stay out of the sampler's region: a random level in its entropy macro or a
    // disable would stop the numbers the encoder waits for (the reprogram command covers that region).
    const writable = (addr: number) => addr < TILE_CSR.sampler || addr >= TILE_CSR.sampler + 0x1000;
    const csr = fc.record({ write: fc.boolean(), addr: address, data: fc.integer({ min: 0, max: 0xffffffff }), delay: fc.constantFrom(0, 0, 3) }).filter(({ write, addr }) => !write || writable(addr)).map(({ write, addr, data, delay }) =>
      new ScriptCommand(`csr-${write ? 'write' : 'read'}(0x${addr.toString(16)}${write ? `, 0x${(data >>> 0).toString(16)}` : ''}${delay ? `, response after ${delay}` : ''})`, (d) => {
        csrAccess(d, write, addr, data, delay);
      }),
    );
    // Read every register block back (parameters, masks, results, counters).
    const readBack = fc.constant(
      new ScriptCommand('read-back(registers, results, counters)', (d) => {
        for (let a = 0; a < 0x100; a++) csrAccess(d, false, a, 0);
        for (let n = 0; n < Math.min(p.cols, 8); n++) {
          csrAccess(d, false, TILE_CSR.v + n, 0);
          csrAccess(d, false, TILE_CSR.ref + n, 0);
          csrAccess(d, false, TILE_CSR.route + 16 * n, 0);
        }
        for (let s = 0; s < 0x80; s++) csrAccess(d, false, TILE_CSR.sampler + 0xc00 + s, 0);
      }),
    );
    // The devices drift: the host reprograms the entropy macro for a later time and the sampler recalibrates.
    const reprogram = fc.record({ tS: fc.constantFrom(3600, 86400, 31536000), s: seed }).map(({ tS, s }) =>
      programCommand(`reprogram-sampler(t ${tS} s, seed ${s})`, samplerWrites(p.sampler, tS, s)),
    );
    const idle = fc.record({ n: fc.integer({ min: 1, max: 60 }), tr: trafficArb }).map(({ n, tr }) =>
      new ScriptCommand(`idle(${n}, inject ${tr.inject}%, ready ${tr.ready}%, seed ${tr.s})`, (d) => {
        const drive = traffic(p, tr.s, tr.inject, tr.ready, tr.edge);
        for (let i = 0; i < n; i++) d.cycle(drive(true));
      }),
    );
    const body = fc.commands([sample, sample, sample, oddStep, csr, csr, csr, readBack, reprogram, idle], { maxCommands: 12, replayPath });
    return fc.tuple(program, body).map(([prog, rest]): CommandList => [prog, ...rest]);
  },
};
