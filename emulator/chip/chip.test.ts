// Properties of the chip emulator (docs/tile-spec.md § Chip) on random
// chips up to 2 x 2 (random-chip.test-util.ts): fast-forward is exact, no
// spike is lost or duplicated between tiles, every run ends within a bound.
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { chipCase, runChip, type ChipCase } from './random-chip.test-util.ts';
import { ChipEmulator } from './emulator.ts';
import { CHIP_REG } from './params.ts';
import { CSR, REFERENCE_TILE } from '../tile/index.ts';
import { entropyProgram, samplerParams } from '../sampler/index.ts';

/** Packets per (destination tile, sample, timestep, row), from the trace. */
function packetKeys(c: ChipCase, o: ReturnType<typeof runChip>) {
  const injected: string[] = [];
  let offMesh = 0;
  for (const p of o.trace.injected) {
    if (p.destX < c.width && p.destY < c.height) injected.push(`${p.destY * c.width + p.destX}/${p.sample}/${p.timestep}/${p.id}`);
    else offMesh++;
  }
  const delivered = o.trace.delivered.map((d) => `${d.tile}/${d.sample}/${d.timestep}/${d.id}`);
  return { injected: injected.sort(), delivered: delivered.sort(), offMesh };
}

describe('chip emulator properties', () => {
  fcTest.prop([chipCase()], { numRuns: 60, seed: 4711 })('fast-forward gives exactly the cycles, counters, spikes and results of stepping every cycle', (c) => {
    const fast = runChip(c, true);
    const slow = runChip(c, false);
    expect(fast.runCycles).toBe(slow.runCycles);
    expect(fast.counters).toEqual(slow.counters);
    expect(fast.results).toEqual(slow.results);
    expect(fast.v).toEqual(slow.v);
    expect(fast.trace).toEqual(slow.trace);
    expect(fast.cycle).toBe(slow.cycle);
  });

  fcTest.prop([chipCase()], { numRuns: 100, seed: 9001 })('every packet is delivered exactly once, to the right tile and row, in its timestep', (c) => {
    const o = runChip(c, true);
    const k = packetKeys(c, o);
    expect(k.delivered).toEqual(k.injected);
    const sum = (name: keyof (typeof o.counters)[0]) => o.counters.reduce((a, x) => a + x[name], 0);
    expect(sum('packets_injected')).toBe(o.trace.injected.length);
    expect(sum('axon_events_in')).toBe(o.trace.delivered.length);
    expect(sum('off_mesh_drops')).toBe(k.offMesh);
    expect(sum('fifo_writes')).toBe(sum('fifo_reads')); // the network is empty after the run
    // every flit enters one FIFO per router it visits and leaves it once: hops + drops = reads
    expect(sum('router_hops') + sum('off_mesh_drops')).toBe(sum('fifo_reads'));
    // spikes of a timestep reach the destination before the next timestep starts
    const stepCycles = o.trace.steps.map((s) => s.cycle);
    for (const d of o.trace.delivered) {
      const next = stepCycles.find((s) => s > d.cycle) ?? Infinity;
      const inj = o.trace.injected.filter((p) => p.sample === d.sample && p.timestep === d.timestep);
      expect(inj.length).toBeGreaterThan(0);
      expect(d.cycle).toBeLessThan(next);
    }
  });

  fcTest.prop([chipCase({ stochastic: false, maxTimesteps: 6 })], { numRuns: 100, seed: 1206 })('every deterministic run ends within its bound', (c) => {
    const o = runChip(c, true);
    const { rows: R, cols: C, adcShare: share, fanout: F } = c.tile;
    const tiles = c.width * c.height;
    // a read, every tile's emitter work at one packet per cycle, each packet's path and the FIFO stalls
    const perStep = 3 + share * (R + 3) + tiles * C * (2 + F) * (c.width + c.height + 2) * (1 + c.tile.fifoDepth);
    const bound = c.S * (2 + c.T * perStep) + 2;
    expect(o.runCycles).toBeLessThanOrEqual(bound);
    expect(o.counters.every((x) => x.timesteps === c.T * c.S)).toBe(true);
  });
});

describe('chip host port and controller', () => {
  const tile = { ...REFERENCE_TILE, rows: 8, cols: 8, adcShare: 2, classes: 2, sampler: samplerParams({ lanes: 2 }) };

  it('chip registers: ID, GEOMETRY, read-back of T and S, STATUS, CYCLES clear; absent tiles read 0', () => {
    const emu = new ChipEmulator({ width: 2, height: 1, tile });
    expect(emu.readChip(CHIP_REG.ID)).toBe(0x4e430001);
    expect(emu.readChip(CHIP_REG.GEOMETRY)).toBe(2 | (1 << 8));
    emu.writeChip(CHIP_REG.TIMESTEPS, 0x12345);
    emu.writeChip(CHIP_REG.SAMPLES, 0x1ff);
    expect(emu.readChip(CHIP_REG.TIMESTEPS)).toBe(0x2345);
    expect(emu.readChip(CHIP_REG.SAMPLES)).toBe(0xff);
    expect(emu.readChip(CHIP_REG.STATUS)).toBe(0);
    emu.writeTile(1, 1, 0x8, 5); // tile (1, 1) does not exist
    expect(emu.readTile(1, 1, 0x0)).toBe(0);
    // CYCLES: cleared at the CTRL edge a, read at a+2 -> its value in cycle a+3 counts edges a+1, a+2
    emu.writeChip(CHIP_REG.CTRL, 2);
    expect(emu.readChip(CHIP_REG.CYCLES)).toBe(2);
    expect(emu.readChip(CHIP_REG.CYCLES)).toBe(4);
  });

  it('a start with T = 0 only sets done; T, S >= 1 runs, STATUS counts samples and timesteps', () => {
    const emu = new ChipEmulator({ width: 1, height: 1, tile: { ...tile, classes: 0 } });
    emu.writeChip(CHIP_REG.CTRL, 1);
    expect(emu.readChip(CHIP_REG.STATUS)).toBe(2);
    emu.writeTile(0, 0, 0x9, 100); // no spikes
    emu.writeChip(CHIP_REG.TIMESTEPS, 3);
    emu.writeChip(CHIP_REG.SAMPLES, 2);
    emu.writeChip(CHIP_REG.CTRL, 1);
    // the start was taken 2 cycles ago: SAMPLE_START, TIMESTEP are issued; the read runs
    const st = emu.readChip(CHIP_REG.STATUS);
    expect(st & 3).toBe(1);
    expect(emu.readChip(CHIP_REG.TIMESTEPS)).toBe(3); // non-live, waits until the run is over
    const after = emu.readChip(CHIP_REG.STATUS);
    expect(after & 3).toBe(2);
    expect((after >>> 8) & 0xff).toBe(1);
    expect(after >>> 16).toBe(3);
    // RUN_CYCLES of S samples: 4 + S (T D + 2) - 2 with D = 3 + share (R + 3) (no classes)
    const D = 3 + 2 * (8 + 3);
    expect(emu.readChip(CHIP_REG.RUN_CYCLES)).toBe(2 * (2 + 3 * D) + 2);
  });

  it('one request outstanding chip-wide: back-to-back accesses to different tiles take 2 cycles each', () => {
    const emu = new ChipEmulator({ width: 2, height: 1, tile });
    const c0 = emu.cycle;
    for (let i = 0; i < 10; i++) emu.readTile(i & 1, 0, 0x1);
    expect(emu.cycle - c0).toBe(2 * 10);
  });
});

it('reference-size chip: 2 x 1 tiles of 256 x 256 run T timesteps of 3 + 8 (256 + 3) cycles and decide', () => {
  const emu = new ChipEmulator({ width: 2, height: 1, tile: REFERENCE_TILE });
  for (const x of [0, 1]) {
    emu.programSampler(x, 0, entropyProgram(REFERENCE_TILE.sampler, { seed: 3 + x }));
    emu.writeTile(x, 0, CSR.THRESHOLD, 10_000); // nothing fires
  }
  const T = 2;
  const D = 3 + 8 * (256 + 3);
  // SAMPLE_END's scan and RUN_END's vote scan take NCLS cycles each, then one divider step (N = 1)
  expect(emu.run({ timesteps: T, samples: 1 })).toBe(2 + T * D + 2 * 10 + 3);
  const r = emu.result(1, 0);
  expect(r).toMatchObject({ decided: true, samples: 1, silent: 1, winner: 0 });
}, 60_000);
