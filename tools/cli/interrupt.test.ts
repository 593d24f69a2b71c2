// Interrupting a run (SIGINT/SIGTERM) cleans up before the signal takes
// effect: no half-built model folder under build/models, no Icarus pipe
// folder in the temp dir, and the process still ends by that signal.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, removeTempDirs, tempDir, waitFor } from './test-support.ts';

afterAll(removeTempDirs);

const MODELS = join(ROOT, 'build', 'models', 'verilator');
const halfBuilt = () => (existsSync(MODELS) ? readdirSync(MODELS).filter((d) => d.startsWith('.tmp-')) : []);
const pipeDirs = () => readdirSync(tmpdir()).filter((d) => d.startsWith('neurotile-vvp-'));

function start(args: string[]) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'neurotile.mjs'), ...args], { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((ok) => child.once('exit', (_code, signal) => ok(signal)));
  return { child, exited };
}

describe('interrupting a run', { timeout: 900_000 }, () => {
  it('SIGINT during a Verilator model build removes the half-built model folder', async () => {
    // A FIFO depth no other run uses: its model is not in the cache, so a build starts.
    const config = join(tempDir(), 'fifo.json');
    writeFileSync(config, JSON.stringify({ width: 8, depth: 2 + Math.floor(Math.random() * 4000) }));
    const { child, exited } = start(['cosim', '--target', 'fifo', '--sim', 'verilator', '--config', config, '--runs', '1', '--seed', '1', '-q']);
    // Its own folder (.tmp-<hash>-<pid>-...): other test files build models at the same time.
    const isOurs = (d: string) => d.includes(`-${child.pid}-`);
    const building = await waitFor(() => halfBuilt().some(isOurs), 300_000);
    expect(building, 'no model build started').toBe(true);
    const ours = halfBuilt().filter(isOurs);
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT'); // the signal is re-raised after the clean-up
    expect(halfBuilt().filter((d) => ours.includes(d))).toEqual([]);
  });

  it('SIGTERM during an Icarus run removes its pipe folder', async () => {
    const before = new Set(pipeDirs());
    const { child, exited } = start(['cosim', '--target', 'fifo', '--sim', 'icarus', '--runs', '100000', '--seed', '3', '-q']);
    const up = await waitFor(() => pipeDirs().some((d) => !before.has(d)), 300_000);
    expect(up, 'no Icarus pipe folder appeared').toBe(true);
    const ours = pipeDirs().filter((d) => !before.has(d));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(pipeDirs().filter((d) => ours.includes(d))).toEqual([]);
  });
});
