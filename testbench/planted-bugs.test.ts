// Planted bugs: each one a small edit of the emitted Verilog (the RTL code
// itself stays clean), co-simulated on Verilator against the emulator. Every
// one must be caught, with a shrunk counterexample and a replay command:
// a leak off by one, an activity counter that misses one neuron's spikes, a
// CSR address decode error, and a barrier that ends a timestep before the
// network is empty.
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { emitVerilog } from '../gen/emit/verilog.ts';
import { dutFromDesign, dutFromSources, startSimulator } from './dut.ts';
import { runCosim } from './cosim/run-cosim.ts';
import { tileSuite, type TileSuiteConfig } from './suites/tile.ts';
import { chipSuite } from './suites/chip.ts';
import type { CosimSuite } from './cosim/suite.ts';
import type { Simulator } from './simulator.ts';

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

interface Mutant {
  name: string;
  /** Emitted module whose text is edited (its file name starts with this). */
  module: string;
  edit: (text: string) => string;
}

/** Replaces exactly one match of `pattern`, so a change in the emitter's output fails loudly instead of testing nothing. */
function once(pattern: RegExp, replace: string): (text: string) => string {
  return (text) => {
    const hits = text.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`)) ?? [];
    if (hits.length !== 1) throw new Error(`mutation pattern ${pattern} matches ${hits.length} times, expected once`);
    return text.replace(pattern, replace);
  };
}

async function expectCaught<P>(suite: CosimSuite<P>, config: P, mutant: Mutant, runs: number): Promise<void> {
  const design = elaborate(suite.design(config));
  const iface = dutFromDesign(design).iface;
  let edited = 0;
  const files = emitVerilog(design).files.map((f) => {
    if (!f.path.startsWith(mutant.module)) return { name: f.path, text: f.text };
    edited++;
    const text = mutant.edit(f.text);
    expect(text, `${mutant.name}: the edit changed nothing`).not.toBe(f.text);
    return { name: f.path, text };
  });
  expect(edited, `${mutant.name}: no module file starts with ${mutant.module}`).toBe(1);
  const sim = await startSimulator('verilator', dutFromSources(files, iface, `mutant: ${mutant.name}`));
  open.push(sim);
  const report = await runCosim(suite, config, sim, { runs, seed: 2026 });
  expect(report.passed, `${mutant.name} was not caught in ${report.runs} runs`).toBe(false);
  const c = report.counterexample!;
  expect(c.commands.length).toBeGreaterThan(0);
  expect(c.failure).toMatch(/cycle \d+ \(command \d+\): output '\w+'/);
  expect(c.replay).toMatch(/^npx neurotile cosim --target \w+ --sim verilator --seed 2026 --replay '.+'/);
}

const tile: TileSuiteConfig = { ...tileSuite.defaultConfig, rows: 8, cols: 8, adcShare: 2 };

describe('planted bugs are caught by cosim', () => {
  it('a leak off by one', async () => {
    await expectCaught(tileSuite, tile, { name: 'leak off by one', module: 'NeuronUpdate', edit: once(/(integrated_sub = .* - \{\{2\{leak\[\d+\]\}\}, leak\});/, '$1 - 18\'sd1;') }, 30);
  }, 1_800_000);

  it("a counter that misses unit 0's spikes", async () => {
    await expectCaught(tileSuite, tile, { name: 'spikes counter misses unit 0', module: 'Tile_', edit: once(/(\.spikes_inc\s+\(\{15'd0, \(beat_taken \? )\{2'd0, neurons_fired\[0\]\} \+ /, '$1') }, 30);
  }, 1_800_000);

  it('a CSR address decode error (THRESHOLD written at 0x19)', async () => {
    await expectCaught(tileSuite, tile, { name: 'THRESHOLD write decoded at 0x19', module: 'Tile_', edit: once(/else if \(csr_host_write & \(csr_req_addr == 17'd9\)\)/, "else if (csr_host_write & (csr_req_addr == 17'd25))") }, 30);
  }, 1_800_000);

  it('a barrier that ends a timestep while flits are still in the network', async () => {
    const chip = { width: 2, height: 1, tile: { ...chipSuite.defaultConfig.tile, rows: 8, cols: 8, adcShare: 2 } };
    await expectCaught(chipSuite, chip, { name: 'barrier ignores the network', module: 'Chip_', edit: once(/assign barrier = tile_0_0_step_ready & tile_0_0_quiet & \(tile_1_0_step_ready & tile_1_0_quiet\);/, 'assign barrier = tile_0_0_step_ready & tile_1_0_step_ready;') }, 20);
  }, 1_800_000);
});
