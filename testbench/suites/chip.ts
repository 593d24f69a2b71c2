// Co-simulation suite for the chip (rtl/chip) against the emulator's model
// (emulator/chip), every output on every cycle. A run programs every tile
// through the one host port (routes between tiles, to themselves and off the
// mesh), then fast-check draws inference runs (T timesteps x S samples, the
// controller's step sequence and barrier), host accesses to any tile, to the
// chip registers and to tiles that do not exist, status polling while a run
// is busy, reprogrammed samplers, and response back-pressure.
import fc from 'fast-check';
import { Chip } from '../../rtl/chip/chip.ts';
import { tileConfigFromFlat, type FlatTileParams } from '../../rtl/tile/params.ts';
import { ChipModel, type ChipParams } from '../../emulator/chip/index.ts';
import { mulberry32 } from '../../emulator/device/rng.ts';
import type { CycleModel, Values } from '../cosim/cycle-model.ts';
import { ScriptCommand, type Driver, type Outputs } from '../cosim/script-command.ts';
import type { CommandList, CosimSuite } from '../cosim/suite.ts';
import { samplerWrites, TILE_CSR, tileProgram } from './tile-stimulus.ts';
import { tileSuite } from './tile.ts';

const CHIP = { timesteps: 2, samples: 3, ctrl: 4, status: 5, cycles: 6, runCycles: 7 } as const;

class ChipCycleModel implements CycleModel {
  private readonly model: ChipModel;
  constructor(p: ChipParams) {
    this.model = new ChipModel(p);
  }
  outputs(inputs: Values): Outputs {
    return this.model.outputs(inputs);
  }
  step(inputs: Values): void {
    this.model.step(inputs);
  }
}

interface Target {
  chip: boolean;
  x: number;
  y: number;
}

/** One host access through the chip's port, waiting on the model's ready and valid. */
export function hostAccess(d: Driver, t: Target, write: boolean, addr: number, data: number, respDelay = 0): bigint | undefined {
  const req = { host_req_valid: 1n, host_req_write: write ? 1n : 0n, host_req_chip: t.chip ? 1n : 0n, host_req_x: BigInt(t.x), host_req_y: BigInt(t.y), host_req_addr: BigInt(addr), host_req_wdata: BigInt(data >>> 0), host_resp_ready: 0n };
  d.until(req, (o) => o.host_req_ready === 1n, 400_000, `host ${write ? 'write' : 'read'} ${t.chip ? 'chip' : `tile (${t.x}, ${t.y})`} 0x${addr.toString(16)}: request`);
  for (let i = 0; i < respDelay; i++) d.cycle({ host_resp_ready: 0n });
  return d.until({ host_resp_ready: 1n }, (o) => o.host_resp_valid === 1n, 100, `host 0x${addr.toString(16)}: response`).host_resp_rdata;
}

export const chipSuite: CosimSuite<ChipParams> = {
  target: 'chip',
  description: 'the chip vs the emulator: every tile programmed through the host port, inference runs with the barrier, host accesses anywhere',
  defaultConfig: { width: 2, height: 1, tile: { ...tileSuite.defaultConfig, classes: 4 } },
  randomConfigs: (rng, count) =>
    Array.from({ length: count }, () => {
      const tile = tileSuite.randomConfigs(rng, 1)[0]!;
      const width = 1 + Math.floor(rng() * Math.min(2, 2 ** tile.xBits));
      const height = 1 + Math.floor(rng() * Math.min(2, 2 ** tile.yBits));
      const { hereX: _x, hereY: _y, ...params } = tile;
      return { width, height, tile: params };
    }),
  describeConfig: (p) => `${p.width}x${p.height} chip of ${p.tile.rows}x${p.tile.cols} tiles, share ${p.tile.adcShare}, ${p.tile.classes} classes, ${p.tile.sampler.lanes} lanes`,
  fromTargetParams: (p) => ({ width: p.width as number, height: p.height as number, tile: tileConfigFromFlat(p as unknown as FlatTileParams) }),
  design: (p) => Chip(p),
  model: (p) => new ChipCycleModel(p),
  defaults: () => ({
    host_req_valid: 0n, host_req_write: 0n, host_req_chip: 0n, host_req_x: 0n, host_req_y: 0n, host_req_addr: 0n, host_req_wdata: 0n, host_resp_ready: 1n,
  }),
  commands: (p, replayPath) => {
    const t = p.tile;
    const seed = fc.integer({ min: 0, max: 0xffffffff });
    const tiles: Target[] = [];
    for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) tiles.push({ chip: false, x, y });
    // Destinations: every tile (twice as likely), and one coordinate outside the mesh when there is room.
    const destinations = [...tiles, ...tiles].map(({ x, y }) => ({ x, y }));
    if (p.width < 2 ** t.xBits) destinations.push({ x: p.width, y: 0 });
    const program = fc.record({ s: seed, stochastic: fc.boolean(), tS: fc.constantFrom(0, 3600, 31536000) }).map(({ s, stochastic, tS }) =>
      new ScriptCommand(`program-all(seed ${s}, ${stochastic ? 'stochastic' : 'deterministic'}, t ${tS} s)`, (d) => {
        tiles.forEach((tile, i) => {
          for (const w of tileProgram(t, (s + i * 7919) >>> 0, { destinations, tS, routeDensity: 0.4, samplerSeed: (s ^ (i * 0x9e3779b9)) >>> 0, stochastic })) hostAccess(d, tile, true, w.addr, w.data);
        });
      }),
    );
    const timestepCycles = t.adcShare * (t.rows + 3) + 8;
    const run = fc.record({ T: fc.integer({ min: 1, max: 3 }), S: fc.integer({ min: 1, max: 2 }), pollSeed: seed }).map(({ T, S, pollSeed }) =>
      new ScriptCommand(`run(T ${T}, S ${S}, polls seed ${pollSeed})`, (d) => {
        const chip = { chip: true, x: 0, y: 0 };
        hostAccess(d, chip, true, CHIP.timesteps, T);
        hostAccess(d, chip, true, CHIP.samples, S);
        hostAccess(d, chip, true, CHIP.ctrl, 1);
        // Poll status, counters and results of random tiles until the run is done.
        const rng = mulberry32(pollSeed);
        const limit = 40 * T * S * (timestepCycles * 4 + 400 * t.cols) + 200_000;
        for (let polls = 0; ; polls++) {
          const status = hostAccess(d, chip, false, CHIP.status, 0);
          if (status !== undefined && (status & 1n) === 0n) break;
          const tile = tiles[Math.floor(rng() * tiles.length)]!;
          const live = [TILE_CSR.status, TILE_CSR.counters + Math.floor(rng() * 19), TILE_CSR.result, TILE_CSR.votes + Math.floor(rng() * 4)];
          hostAccess(d, tile, false, live[Math.floor(rng() * live.length)]!, 0);
          for (let i = Math.floor(rng() * 40); i > 0; i--) d.cycle();
          if (d.cycles > limit) throw new Error(`run(T ${T}, S ${S}): still busy after ${d.cycles} cycles (the reference model never finished)`);
        }
        for (const tile of tiles) {
          hostAccess(d, tile, false, TILE_CSR.result, 0);
          hostAccess(d, tile, false, TILE_CSR.samples, 0);
        }
        hostAccess(d, chip, false, CHIP.runCycles, 0);
      }),
    );
    const target = fc.oneof(
      fc.constantFrom(...tiles),
      fc.constant({ chip: true, x: 0, y: 0 }),
      fc.record({ chip: fc.boolean(), x: fc.integer({ min: 0, max: 2 ** t.xBits - 1 }), y: fc.integer({ min: 0, max: 2 ** t.yBits - 1 }) }),
    );
    const access = fc
      .record({ t: target, write: fc.boolean(), addr: fc.oneof(fc.integer({ min: 0, max: 0xff }), fc.integer({ min: 0, max: 0x1ffff })), data: fc.integer({ min: 0, max: 0xffffffff }), delay: fc.constantFrom(0, 0, 2) })
      // Random writes leave the sampler region and the chip's start bit alone (a run has its own command).
      .filter(({ t, write, addr }) => !write || (t.chip ? addr !== CHIP.ctrl : addr < TILE_CSR.sampler || addr >= TILE_CSR.sampler + 0x1000))
      .map(({ t, write, addr, data, delay }) =>
        new ScriptCommand(`host-${write ? 'write' : 'read'}(${t.chip ? 'chip' : `tile ${t.x},${t.y}`}, 0x${addr.toString(16)}${write ? `, 0x${(data >>> 0).toString(16)}` : ''})`, (d) => {
          hostAccess(d, t, write, addr, data, delay);
        }),
      );
    const reprogram = fc.record({ i: fc.integer({ min: 0, max: tiles.length - 1 }), tS: fc.constantFrom(3600, 86400, 31536000), s: seed }).map(({ i, tS, s }) =>
      new ScriptCommand(`reprogram-sampler(tile ${tiles[i]!.x},${tiles[i]!.y}, t ${tS} s, seed ${s})`, (d) => {
        for (const w of samplerWrites(t.sampler, tS, s)) hostAccess(d, tiles[i]!, true, w.addr, w.data);
      }),
    );
    const idle = fc.integer({ min: 1, max: 50 }).map((n) => new ScriptCommand(`idle(${n})`, (d) => {
      for (let i = 0; i < n; i++) d.cycle();
    }));
    const body = fc.commands([run, run, run, access, access, reprogram, idle], { maxCommands: 8, replayPath });
    return fc.tuple(program, body).map(([prog, rest]): CommandList => [prog, ...rest]);
  },
};
