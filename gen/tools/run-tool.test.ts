// runTool: output capture, stdin, exit status, missing tools, and killing
// the whole process group on timeout or abort.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runTool, ToolNotFoundError } from './run-tool.ts';

/** Running (a killed process can linger as a zombie until its new parent reaps it: that counts as dead). */
const alive = (pid: number) => {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
};

describe('runTool', () => {
  it('captures stdout, stderr and the exit status; arguments are never parsed by a shell', async () => {
    const r = await runTool('sh', ['-c', 'echo out; echo err >&2; exit 3']);
    expect(r).toMatchObject({ code: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false, aborted: false });
    const literal = await runTool('echo', ['$HOME; rm -rf /', '*']);
    expect(literal.stdout).toBe('$HOME; rm -rf / *\n');
  });

  it('feeds input to stdin', async () => {
    const r = await runTool('cat', [], { input: 'line 1\nline 2\n' });
    expect(r.stdout).toBe('line 1\nline 2\n');
    expect(r.code).toBe(0);
  });

  it('runs in the given directory', async () => {
    const r = await runTool('pwd', [], { cwd: '/tmp' });
    expect(r.stdout.trim()).toBe('/tmp');
  });

  it('rejects with ToolNotFoundError (and the install hint it knows) for a missing executable', async () => {
    await expect(runTool('no-such-tool-neurotile', [])).rejects.toBeInstanceOf(ToolNotFoundError);
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(runTool('verilator', ['--version'])).rejects.toThrow('verilator not found: apt-get install verilator');
    } finally {
      process.env.PATH = saved;
    }
  });

  it('kills the whole process group on timeout, grandchildren included', async () => {
    // The shell starts a background grandchild, reports its pid, then waits.
    const r = await runTool('sh', ['-c', 'sleep 30 & echo $!; wait'], { timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(r.code).toBeNull();
    const grandchild = Number(r.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((ok) => setTimeout(ok, 100));
    expect(alive(process.pid)).toBe(true); // the check itself works
    expect(alive(grandchild)).toBe(false);
  });

  it('kills the tool when the AbortSignal fires', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const r = await runTool('sleep', ['30'], { signal: controller.signal });
    expect(r.aborted).toBe(true);
    expect(r.signal).toBe('SIGKILL');
  });

  it('keeps the end of very long output', async () => {
    const r = await runTool('sh', ['-c', 'seq 1 100000'], { maxOutputChars: 1000 });
    expect(r.stdout).toMatch(/^\[\.\.\. \d+ characters dropped \.\.\.\]\n/);
    expect(r.stdout.endsWith('99999\n100000\n')).toBe(true);
  });
});
