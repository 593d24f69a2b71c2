// The model cache's size bound: once the models of a backend exceed it, the
// least recently used ones go (a cache hit counts as a use); the model just
// built always stays. Real builds into a private cache folder (the "build"
// writes a file of a known size). Two callers wanting the same model at once
// build it once; a lock left by a dead process is taken over.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cachedModel, takeBuildLock } from './model-cache.ts';

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

describe('one build per model at a time', () => {
  it('two callers of the same model at once: one builds, the other waits and takes it', async () => {
    let builds = 0;
    const slow = (dir: string) => {
      builds++;
      return new Promise<void>((ok) => setTimeout(() => (writeFileSync(join(dir, 'model'), 'slow'), ok()), 600));
    };
    const [x, y] = await Promise.all([cachedModel('test3', 'same', 'model', slow, opts), cachedModel('test3', 'same', 'model', slow, opts)]);
    expect(builds).toBe(1);
    expect([x.built, y.built].sort()).toEqual([false, true]);
    expect(x.dir).toBe(y.dir);
    expect(existsSync(join(root, 'test3', '.lock-same'))).toBe(false);
  });

  it('a lock whose holder died is taken over; a live holder keeps it', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const lock = join(root, 'test4-lock');
    writeFileSync(lock, dead.stdout);
    expect(takeBuildLock(lock)).toBe(true);
    // Now this process holds it: a second taker is refused.
    expect(takeBuildLock(lock)).toBe(false);
    rmSync(lock);
    mkdirSync(join(root, 'test5'), { recursive: true });
    writeFileSync(join(root, 'test5', '.lock-m'), dead.stdout);
    expect((await cachedModel('test5', 'm', 'model', build('m'), opts)).built).toBe(true);
  });
});
