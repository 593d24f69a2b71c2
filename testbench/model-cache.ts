// Built simulator models are cached under build/models/<backend>/<hash>, keyed
// by a hash of everything that goes into the build. A build happens in a
// private temp dir that is renamed into place, so parallel test files never
// see (or corrupt) a half-built model. One process builds a given model at a
// time (a lock file .lock-<hash> holding its pid): the others wait for it and
// take the finished model instead of compiling the same C++ again.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_DIR } from '../gen/tools/build-dir.ts';
import { processAlive } from '../gen/tools/job-slots.ts';
import { registerCleanup } from '../gen/tools/process-registry.ts';

// Under the project's build/ wherever the process was started (see gen/tools/build-dir.ts).
export const MODELS_DIR = join(BUILD_DIR, 'models');

export function contentHash(parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(String(p.length));
    h.update(':');
    h.update(p);
  }
  return h.digest('hex').slice(0, 20);
}

/** The cache's size bound per backend: NEUROTILE_MODEL_CACHE_MB, default 4096 MiB. */
export const MODEL_CACHE_MAX_BYTES = (Number(process.env.NEUROTILE_MODEL_CACHE_MB) > 0 ? Number(process.env.NEUROTILE_MODEL_CACHE_MB) : 4096) * 2 ** 20;

export interface CacheOptions {
  /** Folder of the cache (default MODELS_DIR). */
  root?: string;
  /** Size bound of one backend's models (default MODEL_CACHE_MAX_BYTES). */
  maxBytes?: number;
  /** What is built (the top and its size), for the build log. */
  label?: string;
}

export interface CachedModel {
  dir: string;
  /** True when this call built the model; false when it came from the cache. */
  built: boolean;
  seconds: number;
}

/**
 * Returns the model dir for `hash`, building it with `build(tmpDir)` when
 * missing. `marker` is a file that exists only in a finished model.
 */
export async function cachedModel(
  backend: string,
  hash: string,
  marker: string,
  build: (tmpDir: string) => Promise<void>,
  options: CacheOptions = {},
): Promise<CachedModel> {
  const start = performance.now();
  const root = join(options.root ?? MODELS_DIR, backend);
  const finalDir = join(root, hash);
  const lock = join(root, `.lock-${hash}`);
  mkdirSync(root, { recursive: true });
  let locked = false;
  // Wait while another build of the same model runs (in this or another process).
  while (!existsSync(join(finalDir, marker)) && !(locked = takeBuildLock(lock))) await sleep(BUILD_LOCK_POLL_MS);
  if (!locked) {
    touch(join(finalDir, marker));
    return { dir: finalDir, built: false, seconds: (performance.now() - start) / 1000 };
  }
  // The model may have been finished between the check and taking the lock.
  if (existsSync(join(finalDir, marker))) {
    rmSync(lock, { force: true });
    touch(join(finalDir, marker));
    return { dir: finalDir, built: false, seconds: (performance.now() - start) / 1000 };
  }
  const tmpDir = join(root, `.tmp-${hash}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(tmpDir, { recursive: true });
  // Interrupted (SIGINT/SIGTERM) mid-build: no half-built model folder and no lock stay behind.
  const unregister = registerCleanup(() => {
    rmSync(tmpDir, { recursive: true, force: true });
    rmSync(lock, { force: true });
  });
  try {
    await build(tmpDir);
    if (!existsSync(join(tmpDir, marker))) throw new Error(`${backend} build finished without producing ${marker}`);
    try {
      renameSync(tmpDir, finalDir);
    } catch (e) {
      // Another process finished the same model first: use theirs.
      if (!existsSync(join(finalDir, marker))) throw e;
      rmSync(tmpDir, { recursive: true, force: true });
    }
  } catch (e) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw e;
  } finally {
    rmSync(lock, { force: true });
    unregister();
  }
  touch(join(finalDir, marker));
  evictLeastRecentlyUsed(root, marker, options.maxBytes ?? MODEL_CACHE_MAX_BYTES, finalDir);
  const seconds = (performance.now() - start) / 1000;
  logBuild(backend, hash, options.label, seconds);
  return { dir: finalDir, built: true, seconds };
}

/**
 * NEUROTILE_MODEL_LOG=FILE: one JSON line per model built (not per cache
 * hit): backend, hash, what, seconds, and who asked (the test file in the
 * stack, else the CLI's arguments). Where a test suite's build time goes.
 */
function logBuild(backend: string, hash: string, label: string | undefined, seconds: number): void {
  const file = process.env.NEUROTILE_MODEL_LOG;
  if (!file) return;
  const testFile = (new Error().stack ?? '').split('\n').map((l) => /([^\s(]+\.test\.ts):\d+/.exec(l)?.[1]).find(Boolean);
  const line = { t: new Date().toISOString(), backend, hash, label, seconds: +seconds.toFixed(1), testFile, argv: testFile ? undefined : process.argv.slice(2).join(' ') };
  try {
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  } catch {
    /* a log that cannot be written does not fail the build */
  }
}

const BUILD_LOCK_POLL_MS = 250;
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/**
 * Creates the build lock (O_EXCL, holding this pid); false while a live
 * process holds it. A lock whose holder died (killed mid-build) is taken over.
 */
export function takeBuildLock(lock: string): boolean {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  let holder = NaN;
  try {
    holder = Number(readFileSync(lock, 'utf8'));
  } catch {
    return false; // released meanwhile: the next poll takes it
  }
  // A holder that has not written its pid yet shows as 0 / NaN: wait for it.
  if (!(holder > 0) || processAlive(holder)) return false;
  rmSync(lock, { force: true });
  return takeBuildLock(lock);
}

/** The marker's mtime is the model's last use. */
function touch(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    /* evicted by another process meanwhile: the next use rebuilds it */
  }
}

function bytesOf(path: string): number {
  const st = lstatSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, e) => n + bytesOf(join(path, e)), 0);
}

/**
 * Removes the least recently used finished models of one backend until the
 * rest fit in maxBytes; `keep` (the model just built) always stays.
 * Unfinished builds (.tmp-*) belong to running processes and are left alone.
 */
export function evictLeastRecentlyUsed(root: string, marker: string, maxBytes: number, keep?: string): string[] {
  const models = readdirSync(root)
    .filter((name) => !name.startsWith('.'))
    .map((name) => join(root, name))
    .flatMap((dir) => {
      try {
        return [{ dir, used: statSync(join(dir, marker)).mtimeMs, bytes: bytesOf(dir) }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.used - b.used);
  let total = models.reduce((n, m) => n + m.bytes, 0);
  const evicted: string[] = [];
  for (const m of models) {
    if (total <= maxBytes) break;
    if (m.dir === keep) continue;
    rmSync(m.dir, { recursive: true, force: true });
    total -= m.bytes;
    evicted.push(m.dir);
  }
  return evicted;
}
