// `neurotile lint` through the real CLI. It needs Verilator, Icarus Verilog
// and Yosys (scripts/setup.sh installs them): without them these tests fail,
// they are never skipped.
import { afterAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, onlyJson, tempDir, removeTempDirs } from './test-support.ts';

afterAll(removeTempDirs);

describe('neurotile lint', () => {
  test('the reference design passes all three tools (exit 0)', () => {
    const r = cli(['lint']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^verilator\s+ok/m);
    expect(r.stdout).toMatch(/^iverilog\s+ok/m);
    expect(r.stdout).toMatch(/^yosys\s+ok/m);
    expect(r.stdout).toMatch(/lint passed/);
    expect(r.stderr).toMatch(/checking chip \(top Chip_w2_h1_r256_c256_/);
  }, 1_200_000);

  test("Yosys's check fails a net with two drivers (exit 1)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'twice.v'), ['module twice(input wire a, input wire b, output wire y);', '  assign y = a;', '  assign y = b;', 'endmodule', ''].join('\n'));
    const r = cli(['lint', '--rtl', dir, '--top', 'twice', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const yosys = (onlyJson(r.stdout).tools as { tool: string; ok: boolean; messages: string[] }[]).find((t) => t.tool === 'yosys')!;
    expect(yosys.ok).toBe(false);
    expect(yosys.messages.join('\n')).toMatch(/multiple conflicting drivers|driver/i);
  });

  test('--json: one object with every tool verdict', () => {
    const r = cli(['lint', '--target', 'counter-pair', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const json = onlyJson(r.stdout);
    expect(json).toMatchObject({ target: 'counter-pair', top: 'CounterPair_width8', passed: true });
    const tools = json.tools as { tool: string; ok: boolean; warnings: number; errors: number; seconds: number }[];
    expect(tools.map((t) => t.tool)).toEqual(['verilator', 'iverilog', 'yosys']);
    for (const t of tools) expect(t).toMatchObject({ ok: true, warnings: 0, errors: 0, seconds: expect.any(Number) });
  });

  test('--rtl checks a gen output directory, top from its manifest', () => {
    const out = join(tempDir(), 'arbiter');
    expect(cli(['gen', '--target', 'arbiter', '--out', out]).code).toBe(0);
    const r = cli(['lint', '--rtl', out, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(onlyJson(r.stdout)).toMatchObject({ target: 'arbiter', rtl: out, passed: true });
  });

  test('RTL with a lint warning fails the check (exit 1) and names it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'sloppy.v'), ['module sloppy(input wire [7:0] a, output wire [3:0] y);', '  assign y = a;', 'endmodule', ''].join('\n'));
    const r = cli(['lint', '--rtl', dir, '--top', 'sloppy', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const json = onlyJson(r.stdout);
    expect(json.passed).toBe(false);
    const verilator = (json.tools as { tool: string; warnings: number; messages: string[] }[]).find((t) => t.tool === 'verilator')!;
    expect(verilator.warnings).toBeGreaterThan(0);
    expect(verilator.messages.join('\n')).toMatch(/WIDTH/);
  });
});
