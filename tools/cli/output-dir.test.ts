// The atomic replacement of an output directory, with a failure injected in
// the middle of writing and between the two renames: the previous output
// stays as it was and no temporary folder is left behind.
import { afterAll, describe, expect, test } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, lstatSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceDir, isOwnOutput } from './output-dir.ts';
import { removeTempDirs, tempDir } from './test-support.ts';

afterAll(removeTempDirs);

/** A manifest the way gen writes it (generator, files, a sha256-shaped hash). */
const manifest = (files: string[]) => JSON.stringify({ top: 'T', files, contentHash: 'a'.repeat(64), generator: 'neurotile 0.1.0' });

function readAll(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

function previousOutput(): { parent: string; out: string; before: Record<string, string> } {
  const parent = tempDir();
  const out = join(parent, 'out');
  replaceDir(out, [{ path: 'old.v', text: 'module old; endmodule\n' }], manifest(['old.v']));
  return { parent, out, before: readAll(out) };
}

describe('replaceDir', () => {
  test('a write failing after the first file leaves the previous output and no temporary folder', () => {
    const { parent, out, before } = previousOutput();
    let writes = 0;
    const io = {
      writeFile(path: string, text: string) {
        if (++writes === 2) throw Object.assign(new Error('injected: no space left on device'), { code: 'ENOSPC' });
        writeFileSync(path, text);
      },
      rename: renameSync,
    };
    const files = [1, 2, 3].map((i) => ({ path: `f${i}.v`, text: `module f${i}; endmodule\n` }));
    expect(() => replaceDir(out, files, manifest(files.map((f) => f.path)), io)).toThrow(/cannot write .*no space left on the device \(ENOSPC\)/);
    expect(writes).toBe(2); // the failure really came in the middle
    expect(readAll(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  test('a failure between moving the old output away and moving the new one in puts the old one back', () => {
    const { parent, out, before } = previousOutput();
    let renames = 0;
    const io = {
      writeFile: (p: string, t: string) => writeFileSync(p, t),
      rename(from: string, to: string) {
        if (++renames === 2) throw Object.assign(new Error('injected'), { code: 'EIO' });
        renameSync(from, to);
      },
    };
    expect(() => replaceDir(out, [{ path: 'new.v', text: 'x' }], manifest(['new.v']), io)).toThrow(/EIO/);
    expect(renames).toBe(2);
    expect(readAll(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  test('a folder with a manifest.json that is not ours is refused and left alone', () => {
    const out = tempDir();
    writeFileSync(join(out, 'manifest.json'), '{"name": "my own project"}');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const before = readAll(out);
    expect(() => replaceDir(out, [{ path: 'a.v', text: 'x' }], manifest(['a.v']))).toThrow(/refusing to replace .*not a neurotile gen manifest/);
    expect(readAll(out)).toEqual(before);
  });

  test('a previous output with a file of the user added to it is refused', () => {
    const { out } = previousOutput();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect(isOwnOutput(out, readdirSync(out))).toBe(false);
    expect(() => replaceDir(out, [{ path: 'a.v', text: 'x' }], manifest(['a.v']))).toThrow(/holds files it does not list/);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('an --out that is a symlink stays a symlink; the folder it points to is replaced', () => {
    const { parent, out } = previousOutput();
    const link = join(parent, 'link');
    symlinkSync(out, link);
    replaceDir(link, [{ path: 'new.v', text: 'module n; endmodule\n' }], manifest(['new.v']));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(Object.keys(readAll(out))).toEqual(['manifest.json', 'new.v']);
    expect(readdirSync(parent).sort()).toEqual(['link', 'out']);
  });

  test('a dangling symlink as --out is refused', () => {
    const parent = tempDir();
    const link = join(parent, 'link');
    symlinkSync(join(parent, 'nowhere'), link);
    expect(() => replaceDir(link, [{ path: 'a.v', text: 'x' }], manifest(['a.v']))).toThrow(/symlink to nothing/);
  });

  test('missing parents are created level by level', () => {
    const out = join(tempDir(), 'a', 'b', 'c');
    replaceDir(out, [{ path: 'a.v', text: 'x' }], manifest(['a.v']));
    expect(readdirSync(out).sort()).toEqual(['a.v', 'manifest.json']);
    mkdirSync(join(out, '..', 'sibling'));
  });
});
