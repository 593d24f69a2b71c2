// Running the real `neurotile` CLI from tests: node bin/neurotile.mjs with an
// argument array, from the repository root.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'neurotile.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; stdout?: number } = {}): CliRun {
  const env = { ...process.env, ...options.env };
  delete env.NEUROTILE_DEBUG;
  const stdio = options.stdout === undefined ? undefined : (['ignore', options.stdout, 'pipe'] as const);
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', env, timeout: 600_000, ...(stdio ? { stdio: [...stdio] } : {}) });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The one JSON object on stdout (throws if stdout is anything else). */
export function onlyJson(stdout: string): Record<string, unknown> {
  if (!stdout.endsWith('\n') || stdout.indexOf('\n') !== stdout.length - 1) throw new Error(`stdout is not exactly one line:\n${stdout}`);
  const value: unknown = JSON.parse(stdout);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`stdout is not a JSON object: ${stdout}`);
  return value as Record<string, unknown>;
}

const made: string[] = [];

/** A fresh temporary directory, removed by removeTempDirs (call it in afterAll). */
export function tempDir(prefix = 'neurotile-cli-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Lines of stderr, without the trailing empty one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1));
}

/** Polls `condition` every 100 ms until it holds or `timeoutMs` has passed; its last value. */
export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
}
