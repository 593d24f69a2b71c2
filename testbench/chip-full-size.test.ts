// Once per full run: a 2 x 2 chip of 256 x 256 tiles (the reference tile) on
// Verilator against the emulator, every output on every cycle: all four
// tiles programmed through the host port, then inference runs.
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { dutFromDesign, startSimulator } from './dut.ts';
import { formatReport, runCosim } from './cosim/run-cosim.ts';
import { chipSuite } from './suites/chip.ts';
import type { ChipParams } from '../emulator/chip/index.ts';
import { REFERENCE_TILE } from '../emulator/tile/index.ts';
import type { Simulator } from './simulator.ts';

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

describe('2 x 2 chip of 256 x 256 tiles', () => {
  it('matches the emulator on verilator', async () => {
    const config: ChipParams = { width: 2, height: 2, tile: REFERENCE_TILE };
    const sim = await startSimulator('verilator', dutFromDesign(elaborate(chipSuite.design(config))));
    open.push(sim);
    const report = await runCosim(chipSuite, config, sim, { runs: 1, seed: 2026 });
    expect(report.passed, formatReport(report)).toBe(true);
    expect(report.cycles).toBeGreaterThan(4 * 256 * 256 * 2);
  }, 3_600_000);
});
