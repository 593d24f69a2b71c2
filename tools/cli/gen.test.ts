// `neurotile gen` through the real CLI: files and manifest, determinism,
// --json, and replacing an output directory only as a whole.
import { afterAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, onlyJson, tempDir, removeTempDirs, ROOT } from './test-support.ts';

afterAll(removeTempDirs);

function readAll(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('neurotile gen', () => {
  test('with no arguments writes the reference design (the 2 x 1 chip of 256 x 256 tiles) to build/gen/chip', () => {
    const r = cli(['gen']);
    expect(r.code, r.stderr).toBe(0);
    const out = join(ROOT, 'build', 'gen', 'chip');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.target).toBe('chip');
    expect(manifest.parameters).toMatchObject({ width: 2, height: 1, rows: 256, cols: 256, gbits: 4, adcBits: 8, adcShare: 8, classes: 10 });
    expect(manifest.top).toMatch(/^Chip_w2_h1_r256_c256_/);
    for (const f of manifest.files) expect(existsSync(join(out, f))).toBe(true);
  }, 300_000);

  test('writes every module file and a manifest describing them', () => {
    const out = join(tempDir(), 'pair');
    const r = cli(['gen', '--target', 'counter-pair', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const files = readAll(out);
    const manifest = JSON.parse(files['manifest.json']);
    expect(manifest).toMatchObject({ top: 'CounterPair_width8', target: 'counter-pair', parameters: { width: 8 }, generator: expect.stringMatching(/^neurotile \d+\.\d+\.\d+/) });
    expect(Object.keys(files).sort()).toEqual([...manifest.files, 'manifest.json'].sort());
    expect(manifest.modules.map((m: { name: string }) => m.name)).toEqual(['Counter_width8', 'CounterPair_width8']);
    for (const m of manifest.modules) {
      expect(files[m.file]).toMatch(new RegExp(`module ${m.name}\\b`));
      expect(m.generator).toMatch(/^Counter(Pair)?$/);
      expect(m.params).toEqual({ width: 8 });
    }
    // The documented content hash: sha256 over the files sorted by name, each as name NUL text NUL.
    const h = createHash('sha256');
    for (const f of [...manifest.files].sort()) h.update(f).update('\0').update(files[f]).update('\0');
    expect(manifest.contentHash).toBe(h.digest('hex'));
    expect(JSON.stringify(manifest)).not.toMatch(/\d{4}-\d\d-\d\dT/); // no timestamps
  });

  test('is deterministic: two runs give identical bytes and hash', () => {
    const base = tempDir();
    const runs = ['a', 'b'].map((d) => {
      const r = cli(['gen', '--target', 'fifo', '--out', join(base, d), '--json']);
      expect(r.code, r.stderr).toBe(0);
      return { json: onlyJson(r.stdout), files: readAll(join(base, d)) };
    });
    expect(runs[0].files).toEqual(runs[1].files);
    expect(runs[0].json.contentHash).toBe(runs[1].json.contentHash);
    expect(runs[0].json.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('--config sets parameters; --json prints exactly one JSON object', () => {
    const dir = tempDir();
    const config = join(dir, 'fifo.json');
    writeFileSync(config, JSON.stringify({ width: 12, depth: 4 }));
    const out = join(dir, 'out');
    const r = cli(['gen', '--target', 'fifo', '--config', config, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = onlyJson(r.stdout);
    expect(Object.keys(json).sort()).toEqual(['contentHash', 'files', 'out', 'target', 'top']);
    expect(json).toMatchObject({ target: 'fifo', out });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.parameters).toEqual({ width: 12, depth: 4 });
    expect(json.files).toEqual(manifest.files);
    expect(json.top).toBe(manifest.top);
    expect(json.contentHash).toBe(manifest.contentHash);
  });

  test('replaces a previous output as a whole', () => {
    const out = join(tempDir(), 'out');
    expect(cli(['gen', '--target', 'counter-pair', '--out', out]).code).toBe(0);
    expect(cli(['gen', '--target', 'counter', '--out', out]).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['Counter_width8.v', 'manifest.json']);
  });

  test('refuses to replace a directory that is not a gen output, and leaves it alone', () => {
    const out = tempDir();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const r = cli(['gen', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^neurotile: refusing to replace .*no manifest\.json/);
    expect(readAll(out)).toEqual({ 'notes.txt': 'mine' });
  });

  test('a failing run leaves a previous output untouched and no temporary directory behind', () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    expect(cli(['gen', '--target', 'counter', '--out', out]).code).toBe(0);
    const before = readAll(out);
    const config = join(parent, 'bad.json');
    writeFileSync(config, JSON.stringify({ width: 100000 }));
    const r = cli(['gen', '--target', 'counter', '--config', config, '--out', out]);
    expect(r.code).toBe(2);
    expect(readAll(out)).toEqual(before);
    expect(readdirSync(parent).sort()).toEqual(['bad.json', 'out']);
  });

  test('an empty existing --out directory is filled', () => {
    const out = tempDir();
    mkdirSync(out, { recursive: true });
    expect(cli(['gen', '--target', 'counter', '--out', out]).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['Counter_width8.v', 'manifest.json']);
  });
});
