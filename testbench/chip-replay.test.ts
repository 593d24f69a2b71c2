// The chip emulator's fast API (what `neurotile emulate` drives) against the
// RTL: every host access the API made, replayed in the same cycles on the
// generated chip, with the RTL compared against the port-level model on every
// output in every cycle; the responses (results, votes, every activity counter,
// RUN_CYCLES) and the cycles they came in equal what the API returned. So the
// counters an energy estimate is computed from are the RTL's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { ChipEmulator, type ChipParams, type HostPortEvent, type HostAccessRecord } from '../emulator/chip/index.ts';
import { mulberry32 } from '../emulator/device/rng.ts';
import { CSR } from '../emulator/tile/index.ts';
import { formatReport, runCosim } from './cosim/run-cosim.ts';
import { chipSuite } from './suites/chip.ts';
import { replayCommand, type ReplayOutcome } from './suites/chip-replay.ts';
import { samplerWrites, tileProgram } from './suites/tile-stimulus.ts';
import { dutFromDesign, startSimulator } from './dut.ts';

/** Programs every tile with random levels and routes, then runs `images` rate-coded inputs on tile (0, 0). */
function emulatorSession(p: ChipParams, seed: number, images: number, T: number, S: number): { log: HostPortEvent[]; emu: ChipEmulator } {
  const emu = new ChipEmulator(p);
  emu.accessLog = [];
  const t = p.tile;
  const tiles: { x: number; y: number }[] = [];
  for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) tiles.push({ x, y });
  tiles.forEach(({ x, y }, i) => {
    for (const w of tileProgram(t, seed + i, { destinations: tiles, tS: 3600, routeDensity: 0.5, samplerSeed: seed ^ (i * 0x9e3779b9), stochastic: false })) emu.writeTile(x, y, w.addr, w.data);
    for (const w of samplerWrites(t.sampler, 3600, seed + 7 * i)) emu.writeTile(x, y, w.addr, w.data);
  });
  const rng = mulberry32(seed);
  const inputs = Math.min(t.rows, 12);
  for (let n = 0; n < images; n++) {
    // A reset between images, as emulate does (the memories keep pairs and routes).
    if (n === 2) {
      emu.resetChip();
      tiles.forEach(({ x, y }, i) => {
        for (const w of samplerWrites(t.sampler, 3600, seed + 7 * i)) emu.writeTile(x, y, w.addr, w.data);
      });
    }
    emu.setIntensities(0, 0, Array.from({ length: inputs }, () => Math.floor(rng() * 256)));
    emu.run({ timesteps: T, samples: S });
    for (const { x, y } of tiles) {
      emu.result(x, y);
      emu.counters(x, y);
    }
  }
  return { log: emu.accessLog, emu };
}

async function replayOn(sim: 'dsl' | 'verilator' | 'icarus', p: ChipParams, log: HostPortEvent[]) {
  const simulator = await startSimulator(sim, dutFromDesign(elaborate(chipSuite.design(p))));
  try {
    const outcome: ReplayOutcome = { responses: [] };
    const suite = { ...chipSuite, commands: () => fc.constant([replayCommand(`replay(${log.length} host accesses)`, log, outcome)]) };
    const report = await runCosim(suite, p, simulator, { runs: 1, seed: 1 });
    return { report, outcome };
  } finally {
    await simulator.close();
  }
}

const SMALL: ChipParams = {
  width: 2,
  height: 1,
  tile: { ...chipSuite.defaultConfig.tile, rows: 12, cols: 8, adcShare: 2, classes: 4, sampler: { ...chipSuite.defaultConfig.tile.sampler, lanes: 2 } },
};

describe('the emulator API replayed on the RTL', () => {
  for (const sim of ['dsl', 'verilator', 'icarus'] as const) {
    it(`2 x 1 chip of 12 x 8 tiles, 3 runs of T 4 x S 2, on ${sim}`, async () => {
      const { log } = emulatorSession(SMALL, 11, 3, 4, 2);
      const { report, outcome } = await replayOn(sim, SMALL, log);
      expect(report.passed, formatReport(report)).toBe(true);
      const offset = log[0]!.cycle;
      const accesses = log.filter((e): e is HostAccessRecord => e.kind === 'access');
      expect(log.some((e) => e.kind === 'reset')).toBe(true);
      expect(outcome.responses).toEqual(accesses.map((a) => ({ value: a.response, cycle: a.responseCycle - offset })));
      // The runs did something: spikes and crossbar reads were counted (COUNTER reads of tile 0, 0).
      const counterReads = accesses.filter((a) => !a.write && !a.chip && a.x === 0 && a.addr >= CSR.COUNTER && a.addr < CSR.COUNTER + 19);
      expect(counterReads.some((a) => a.response > 0)).toBe(true);
    }, 1_800_000);
  }
});
