// The model cache's size bound: once the models of a backend exceed it, the
// least recently used ones go (a cache hit counts as a use); the model just
// built always stays. Real builds into a private cache folder (the "build"
// writes a file of a known size).
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedModel } from './model-cache.ts';

const root = mkdtempSync(join(tmpdir(), 'neurotile-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const KIB = 1024;
/** A "model" of 10 KiB plus its marker. */
const build = (name: string) => (dir: string) => {
  writeFileSync(join(dir, 'blob'), Buffer.alloc(10 * KIB));
  writeFileSync(join(dir, 'model'), name);
  return Promise.resolve();
};
const opts = { root, maxBytes: 25 * KIB };
const tick = () => new Promise((ok) => setTimeout(ok, 20)); // distinct mtimes

describe('model cache size bound', () => {
  it('evicts the least recently used model, counting cache hits as uses', async () => {
    const a = await cachedModel('test', 'a', 'model', build('a'), opts);
    await tick();
    const b = await cachedModel('test', 'b', 'model', build('b'), opts);
    await tick();
    // a is used again: b is now the least recently used.
    expect((await cachedModel('test', 'a', 'model', build('a'), opts)).built).toBe(false);
    await tick();
    const c = await cachedModel('test', 'c', 'model', build('c'), opts);
    // Three models of ~10 KiB exceed 25 KiB: one goes, and it is b.
    expect(existsSync(b.dir)).toBe(false);
    expect(existsSync(a.dir)).toBe(true);
    expect(existsSync(c.dir)).toBe(true);
    // b is rebuilt when needed again.
    expect((await cachedModel('test', 'b', 'model', build('b'), opts)).built).toBe(true);
  });

  it('keeps the model just built even when it alone exceeds the bound', async () => {
    const big = await cachedModel('test2', 'big', 'model', build('big'), { root, maxBytes: 1 });
    expect(existsSync(big.dir)).toBe(true);
  });
});
