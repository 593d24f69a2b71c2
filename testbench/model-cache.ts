// Built simulator models are cached under build/models/<backend>/<hash>, keyed
// by a hash of everything that goes into the build. A build happens in a
// private temp dir that is renamed into place, so parallel test files never
// see (or corrupt) a half-built model.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_DIR } from '../gen/tools/build-dir.ts';
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
): Promise<CachedModel> {
  const start = performance.now();
  const finalDir = join(MODELS_DIR, backend, hash);
  if (existsSync(join(finalDir, marker))) return { dir: finalDir, built: false, seconds: (performance.now() - start) / 1000 };
  const tmpDir = join(MODELS_DIR, backend, `.tmp-${hash}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(tmpDir, { recursive: true });
  // Interrupted (SIGINT/SIGTERM) mid-build: no half-built model folder stays behind.
  const unregister = registerCleanup(() => rmSync(tmpDir, { recursive: true, force: true }));
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
    unregister();
  }
  return { dir: finalDir, built: true, seconds: (performance.now() - start) / 1000 };
}
