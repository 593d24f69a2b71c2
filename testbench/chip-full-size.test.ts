// Once per full run: the reference chip, 2 x 1 tiles of 256 x 256 (the
// reference tile), on Verilator against the emulator, every output on every
// cycle: both tiles programmed through the host port, then inference runs.
// Full-size tiles are the point (256 rows and columns, the address and
// counter widths of the real tile); meshes in both directions are
// chip-cosim.test.ts's (1 x 2 and 2 x 2 chips of small tiles on all three
// backends). It is the chip tools/emulate/rtl-replay.test.ts replays emulate's
// session on, so the two share one Verilator build (the model cache).
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

describe('the reference chip: 2 x 1 tiles of 256 x 256', () => {
  it('matches the emulator on verilator', async () => {
    const config: ChipParams = { width: 2, height: 1, tile: REFERENCE_TILE };
    const sim = await startSimulator('verilator', dutFromDesign(elaborate(chipSuite.design(config))));
    open.push(sim);
    const report = await runCosim(chipSuite, config, sim, { runs: 1, seed: 2026 });
    expect(report.passed, formatReport(report)).toBe(true);
    // Both tiles' 256 x 256 pairs programmed through the host port (at least two cycles a write), then the runs.
    expect(report.cycles).toBeGreaterThan(2 * 256 * 256 * 2);
  }, 3_600_000);
});
