// Killing a cosim run midway (Ctrl-C, or a kill from outside) leaves no
// simulator process behind.
import { spawn, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, waitFor } from './test-support.ts';

/** PIDs of processes whose command line contains `pattern` (excluding this check itself). */
function processesMatching(pattern: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes(pattern) && !l.includes('ps -eo'))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

describe('killing cosim midway', () => {
  const cases: [string, 'SIGINT' | 'SIGTERM' | 'SIGKILL', string][] = [
    ['verilator', 'SIGINT', join('build', 'models', 'verilator')],
    ['verilator', 'SIGKILL', join('build', 'models', 'verilator')],
    ['icarus', 'SIGTERM', 'vvp'],
  ];
  // Build (or find) the models first: the processes to look for are the simulators, not a compiler.
  beforeAll(() => {
    for (const sim of ['verilator', 'icarus']) expect(cli(['cosim', '--target', 'fifo', '--sim', sim, '--runs', '1', '--seed', '1', '-q']).code).toBe(0);
  });
  it.each(cases)('%s run killed with %s leaves no simulator process', async (sim, signal, marker) => {
    // A distinct seed per case so the simulator's command line is ours alone.
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'neurotile.mjs'), 'cosim', '--target', 'fifo', '--sim', sim, '--runs', '100000', '--seed', '1'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    const before = new Set(processesMatching(marker));
    let started: number[] = [];
    const up = await waitFor(() => {
      started = processesMatching(marker).filter((p) => !before.has(p));
      return started.length > 0;
    }, 300_000);
    expect(up, `no ${sim} simulator process appeared`).toBe(true);
    child.kill(signal);
    await new Promise((r) => child.once('exit', r));
    const gone = await waitFor(() => started.every((pid) => !processesMatching(marker).includes(pid)), 60_000);
    expect(gone, `left behind: ${started.filter((pid) => processesMatching(marker).includes(pid))}`).toBe(true);
  }, 900_000);
});
