// `neurotile cosim` through the real CLI: a deliberately broken FIFO given
// with --rtl is caught (shrunk counterexample, replay command that
// reproduces it, VCD), the Yosys gate-level netlist of the FIFO passes, and
// bad input exits 2 with one line.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTool } from '../../gen/tools/run-tool.ts';
import { cli, lines, onlyJson, removeTempDirs, tempDir } from './test-support.ts';

afterAll(removeTempDirs);

/** Generated FIFO Verilog in a fresh directory. */
function generatedFifo(): { dir: string; file: string } {
  const dir = join(tempDir(), 'fifo');
  const r = cli(['gen', '--target', 'fifo', '--out', dir, '-q']);
  expect(r.code, r.stderr).toBe(0);
  const file = readdirSync(dir).find((f) => f.endsWith('.v'))!;
  return { dir, file: join(dir, file) };
}

// Each case builds a Verilator or Icarus model and runs 300 random runs, then the replay:
// on a loaded machine minutes of work, so the timeout comes from that, not the suite default.
describe('cosim --rtl catches a broken FIFO', { timeout: 900_000 }, () => {
  for (const sim of ['verilator', 'icarus']) {
    it(`off-by-one full flag, on ${sim}`, () => {
      const { dir, file } = generatedFifo();
      const text = readFileSync(file, 'utf8');
      const mutant = text.replace("assign full = occupancy == 5'd16;", "assign full = occupancy == 5'd15;");
      expect(mutant).not.toBe(text); // the mutation applied
      writeFileSync(file, mutant);

      const r = cli(['cosim', '--target', 'fifo', '--sim', sim, '--rtl', dir, '--seed', '7', '--runs', '300', '--json']);
      expect(r.code, r.stderr).toBe(1);
      const report = onlyJson(r.stdout);
      expect(report).toMatchObject({ target: 'fifo', sim, seed: 7, passed: false, rtl: dir });
      const cx = report.counterexample as { commands: string[]; failure: string; replay: string; vcd: string };
      expect(cx.failure).toMatch(/output 'enq_ready' is 0x0, the model expects 0x1/);
      // Shrunk: enough enqueues to reach 15 entries, and little else.
      expect(cx.commands.length).toBeLessThanOrEqual(6);
      expect(cx.replay).toMatch(/^npx neurotile cosim --target fifo --sim \S+ --seed 7 --replay '[^']+' --rtl /);
      expect(existsSync(cx.vcd)).toBe(true);
      expect(readFileSync(cx.vcd, 'utf8')).toMatch(/enq_ready/);

      // The replay command reproduces the same counterexample.
      const args = cx.replay.replace(/^npx neurotile /, '').match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'|'$/g, ''));
      const again = cli([...args, '--json']);
      expect(again.code, again.stderr).toBe(1);
      expect((onlyJson(again.stdout).counterexample as { failure: string }).failure).toBe(cx.failure);
    });
  }
});

describe('gate-level co-simulation', { timeout: 900_000 }, () => {
  it('the Yosys netlist of the FIFO passes cosim --rtl', async () => {
    const { dir, file } = generatedFifo();
    const netlistDir = join(tempDir(), 'netlist');
    mkdirSync(netlistDir);
    const top = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).top as string;
    const netlist = join(netlistDir, `${top}.v`);
    const y = await runTool('yosys', ['-q', '-p', `read_verilog -sv ${file}; synth -top ${top}; write_verilog -noattr ${netlist}`], { timeoutMs: 300_000 });
    expect(y.code, y.stderr).toBe(0);
    const gates = readFileSync(netlist, 'utf8');
    expect(gates).not.toMatch(/occupancy == 5'd16/); // really a netlist, not the RTL
    const r = cli(['cosim', '--target', 'fifo', '--rtl', netlistDir, '--seed', '3', '--runs', '150', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson(r.stdout)).toMatchObject({ target: 'fifo', passed: true, runs: 150 });
  });
});

describe('cosim bad input', () => {
  it.each([
    [['cosim', '--sim', 'modelsim'], /--sim: unknown value 'modelsim' \(known: verilator, icarus, dsl\)/],
    [['cosim', '--target', 'fof'], /unknown cosim target 'fof' \(known: fifo, arbiter, .*expr.*\)/],
    [['cosim', '--target', 'fifo', '--runs', '0'], /--runs: must be a whole number from 1 to 100000, got 0/],
    [['cosim', '--target', 'fifo', '--rtl', 'build/does-not-exist'], /--rtl directory 'build\/does-not-exist' does not exist/],
    [['cosim', '--rtl', 'build'], /give --target too/],
    [['cosim', '--target', 'fifo', '--sim', 'dsl', '--rtl', 'build'], /--rtl needs a Verilog simulator/],
  ])('%j', (args, message) => {
    const r = cli(args as string[]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
