// `cosim --target tile|chip --config F`: the targets' flat parameters (the
// same file `gen --target tile --config F` takes) become the suites' nested
// configuration, and the run uses exactly those parameters.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, onlyJson, removeTempDirs, tempDir } from './test-support.ts';

afterAll(removeTempDirs);

describe('cosim --config on the tile and chip targets', () => {
  it('a 12 x 8 tile with 2 sampler lanes, on the DSL simulator', () => {
    const file = join(tempDir(), 'tile.json');
    writeFileSync(file, JSON.stringify({ rows: 12, cols: 8, adcShare: 2, classes: 3, lanes: 2, windowLog2: 4, deadband: 2 }));
    const r = cli(['cosim', '--target', 'tile', '--sim', 'dsl', '--runs', '3', '--seed', '5', '--config', file, '--json', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const out = onlyJson(r.stdout) as { passed: boolean; config: string; runs: number };
    expect(out.passed).toBe(true);
    expect(out.config).toBe('12x8, share 2, 3 classes, fanout 2, 2 lanes, at (0, 0)');
  }, 600_000);

  it('a 1 x 2 chip of 8 x 4 tiles, on the DSL simulator', () => {
    const file = join(tempDir(), 'chip.json');
    writeFileSync(file, JSON.stringify({ width: 1, height: 2, rows: 8, cols: 4, adcShare: 2, classes: 2, lanes: 1, windowLog2: 3, deadband: 1 }));
    const r = cli(['cosim', '--target', 'chip', '--sim', 'dsl', '--runs', '2', '--seed', '5', '--config', file, '--json', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const out = onlyJson(r.stdout) as { passed: boolean; config: string };
    expect(out.passed).toBe(true);
    expect(out.config).toBe('1x2 chip of 8x4 tiles, share 2, 2 classes, 1 lanes');
  }, 600_000);

  it('a parameter the target does not have is bad input naming the file', () => {
    const file = join(tempDir(), 'bad.json');
    writeFileSync(file, JSON.stringify({ rows: 12, hereX: 1 }));
    const r = cli(['cosim', '--target', 'tile', '--sim', 'dsl', '--runs', '1', '--seed', '1', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain("'hereX'");
  });
});
