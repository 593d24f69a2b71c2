// runLint: the three checks on clean, warning and broken Verilog, missing
// tools and timeouts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLint } from './run-lint.ts';
import { lintSources } from './lint-sources.ts';

const dir = mkdtempSync(join(tmpdir(), 'neurotile-run-lint-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};

const CLEAN = `\`default_nettype none
module Clean (
  input  wire       clock,
  input  wire [7:0] d,
  output reg  [7:0] q
);
  always @(posedge clock) q <= d + 8'd1;
endmodule
\`default_nettype wire
`;

describe('runLint', () => {
  it('passes clean Verilog on all three tools, reporting the commands it ran', async () => {
    const report = await runLint({ dir, files: [write('Clean.v', CLEAN)], top: 'Clean' });
    expect(report.ok).toBe(true);
    expect(report.tools.map((t) => [t.tool, t.ok, t.warnings, t.errors, t.messages])).toEqual([
      ['verilator', true, 0, 0, []],
      ['iverilog', true, 0, 0, []],
      ['yosys', true, 0, 0, []],
    ]);
    expect(report.tools[0].command).toEqual(['verilator', '--lint-only', '-Wall', '--top-module', 'Clean', './Clean.v']); // ./name: a file called --x.v stays a file
    for (const t of report.tools) expect(t.seconds).toBeGreaterThan(0);
  });

  it('counts Verilator -Wall warnings and fails on them', async () => {
    const file = write('Unused.v', CLEAN.replace(/Clean/g, 'Unused').replace("d + 8'd1", "{d[7:1], 1'b0}"));
    const report = await runLint({ dir, files: [file], top: 'Unused', tools: ['verilator'] });
    const [v] = report.tools;
    expect(v.ok).toBe(false);
    expect(v.warnings).toBe(1);
    expect(v.errors).toBe(0);
    expect(v.messages[0]).toMatch(/^%Warning-UNUSEDSIGNAL: Unused\.v:4:\d+: Bits of signal are not used: 'd'\[0\]/);
  });

  it('reports errors from every tool for broken Verilog', async () => {
    const file = write('Broken.v', 'module Broken (input wire a, output wire y);\n  assign y = a +;\nendmodule\n');
    const report = await runLint({ dir, files: [file], top: 'Broken' });
    expect(report.ok).toBe(false);
    for (const t of report.tools) {
      expect(t.ok, t.tool).toBe(false);
      expect(t.errors, t.tool).toBeGreaterThan(0);
      expect(t.messages.join('\n'), t.tool).toMatch(/Broken\.v|syntax/i);
    }
  });

  it('reports a missing tool as a failure with the install command, never a skip', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const report = await runLint({ dir, files: [write('Clean2.v', CLEAN.replace(/Clean/g, 'Clean2'))], top: 'Clean2' });
      expect(report.ok).toBe(false);
      expect(report.tools.map((t) => [t.tool, t.ok, t.messages])).toEqual([
        ['verilator', false, ['verilator not found: apt-get install verilator']],
        ['iverilog', false, ['iverilog not found: apt-get install iverilog']],
        ['yosys', false, ['yosys not found: apt-get install yosys']],
      ]);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('kills a tool that runs past the timeout and says so', async () => {
    // A combinational loop Yosys has to chew on is not reliable; a tiny timeout is.
    const report = await runLint({ dir, files: [write('Clean3.v', CLEAN.replace(/Clean/g, 'Clean3'))], top: 'Clean3', tools: ['yosys'], timeoutMs: 1 });
    expect(report.tools[0].ok).toBe(false);
    expect(report.tools[0].messages[0]).toMatch(/^yosys timed out after 0\.0 s \(killed\)$/);
  });

  it('lintSources writes in-memory files to a temporary directory', async () => {
    const report = await lintSources([{ path: 'some/dir/Clean4.v', text: CLEAN.replace(/Clean/g, 'Clean4') }], 'Clean4', { tools: ['verilator', 'iverilog'] });
    expect(report.ok).toBe(true);
  });

  it('refuses a top that is not a module name (it goes into a Yosys script)', async () => {
    await expect(runLint({ dir, files: ['Clean.v'], top: 'x; shell rm -rf /' })).rejects.toThrow(/not a Verilog module name/);
  });
});
