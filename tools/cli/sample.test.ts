// `neurotile sample` and `neurotile sc` through the real CLI: one JSON
// object with --json, the raw bits file written whole, no bits invented
// with the read noise off, and bad input as one line with exit status 2.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, lines, onlyJson, removeTempDirs, tempDir } from './test-support.ts';

afterAll(removeTempDirs);

describe('neurotile sample', () => {
  it('reports density, error, SCC, NIST tests and cost; --raw holds the N bits msb first', () => {
    const dir = tempDir();
    const file = join(dir, 'bits.bin');
    const r = cli(['sample', '--n', '20000', '--p', '0.25', '--seed', '3', '--raw', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = onlyJson(r.stdout) as any;
    expect(j.entropy).toBe(true);
    expect(j.bits.collected).toBe(20000);
    expect(j.bernoulli.k).toBe(64);
    expect(j.bernoulli.withinThreeSigma).toBe(true);
    expect(j.nist.tests.map((t: { test: string }) => t.test)).toEqual(['frequency', 'block-frequency', 'runs', 'serial']);
    expect(j.cost.rawBitsPerBit).toBeGreaterThan(3.5);
    expect(j.energy.cmosRngFj).toBe(360);
    const bytes = readFileSync(file);
    expect(bytes.length).toBe(2500);
    let ones = 0;
    for (const byte of bytes) for (let b = 0; b < 8; b++) ones += (byte >> b) & 1;
    expect(ones).toBe(j.bits.ones);
    expect(readdirSync(dir)).toEqual(['bits.bin']); // no temporary file left behind
  }, 120_000);

  it('with the read noise off: no bits, the same report for every seed, exit 1, and no --raw file', () => {
    const dir = tempDir();
    const runs = [7, 8].map((seed) => cli(['sample', '--read-noise', '0', '--n', '500', '--seed', String(seed), '--raw', join(dir, `s${seed}.bin`), '--json']));
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect((onlyJson(r.stdout) as any).message).toMatch(/no entropy: the read noise is off/);
    }
    const strip = (s: string) => ({ ...(onlyJson(s) as any), config: undefined });
    expect(strip(runs[0]!.stdout)).toEqual(strip(runs[1]!.stdout));
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);

  it.each([
    [['--p', '1'], /--p: must be a probability strictly between 0 and 1, got 1/],
    [['--n', '0'], /--n: must be a whole number from 1 to 100000000, got 0/],
    [['--lanes', '33'], /--lanes: must be a whole number from 1 to 32/],
    [['--t-s', '-3'], /--t-s: must be a number from 0 to 1000000000000 s, got -3/],
    [['--read-noise', 'x'], /--read-noise: must be a number from 0 to 100, got x/],
    [['--raw', '/nonexistent/dir/bits.bin'], /--raw: directory '\/nonexistent\/dir' does not exist/],
  ])('bad input %j: one line, exit 2', (args, message) => {
    const r = cli(['sample', ...args]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

describe('neurotile sc', () => {
  it('evaluates one operation with the sampler numbers: exact, estimate, error', () => {
    const r = cli(['sc', '--op', 'div', '--a', '0.25', '--b', '0.5', '--n', '4096', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = onlyJson(r.stdout) as any;
    expect(j.exact).toBeCloseTo(0.5, 12);
    expect(Math.abs(j.estimate - 0.5)).toBeLessThan(0.05);
    expect(j.error).toBeCloseTo(j.estimate - j.exact, 12);
    expect(j.random.numbers).toBe(3 * 4096);
    const t = onlyJson(cli(['sc', '--op', 'tanh', '--a', '-0.25', '--json']).stdout) as any;
    expect(t.exact).toBeCloseTo(Math.tanh(4 * -0.25), 12); // 8 states: tanh(4 x)
  }, 120_000);

  it.each([
    [['--op', 'sqrt'], /--op: unknown value 'sqrt' \(known: pass, mul, bmul, add, or, div, tanh, sub\)/],
    [['--op', 'mul', '--a', '1.5'], /--a: must be a number from -1 to 1, got 1.5/],
    [['--op', 'mul', '--a', '-0.5'], /--a: mul takes probabilities from 0 to 1, got -0.5/],
    [['--op', 'tanh', '--b', '0.1'], /--b: tanh takes one operand/],
    [['--n', '70000'], /--n: must be a whole number from 1 to 65535/],
  ])('bad input %j: one line, exit 2', (args, message) => {
    const r = cli(['sc', ...args]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
