// The progress bar draws only for a person at a terminal (both streams TTYs,
// no --json, no --quiet) and then shows done/total, the rate and the time
// left; at a real pseudo-terminal a command draws it on stderr, and with
// --json stdout is still exactly one JSON object.
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createProgress, progressWanted } from './progress.ts';
import { ROOT } from './test-support.ts';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`progress.test.ts: fast-check seed ${SEED} (replay: FC_SEED=${SEED})`);

/** A terminal stand-in: records what is written, says it is a TTY. */
class FakeTty extends Writable {
  text = '';
  isTTY = true;
  columns = 120;
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
  cursorTo(_x: number, _y?: number) {
    return true;
  }
  clearLine() {
    return true;
  }
  moveCursor() {
    return true;
  }
  clearScreenDown() {
    return true;
  }
}

describe('progress bar', () => {
  fcTest.prop([fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()], { seed: SEED, numRuns: 64 })('drawn iff both streams are terminals and neither --json nor --quiet', (json, quiet, outTty, errTty) => {
    const stderr = new FakeTty();
    stderr.isTTY = errTty;
    const expected = !json && !quiet && outTty && errTty;
    expect(progressWanted({ json, quiet, stdout: { isTTY: outTty }, stderr })).toBe(expected);
    const bar = createProgress({ unit: 'runs', total: 10, json, quiet, stdout: { isTTY: outTty }, stderr });
    bar.update(3, 'fifo');
    bar.stop();
    expect(bar.active).toBe(expected);
    if (!expected) expect(stderr.text).toBe('');
  });

  it('shows done/total, the rate and the time left, and stop() is idempotent', async () => {
    const stderr = new FakeTty();
    const bar = createProgress({ unit: 'runs', total: 10, stdout: { isTTY: true }, stderr });
    await new Promise((r) => setTimeout(r, 50));
    bar.update(3, 'router');
    bar.stop();
    bar.stop();
    bar.update(5);
    expect(stderr.text).toMatch(/3\/10 runs \| [\d.]+\/s \| .+ left \| router/);
    expect(stderr.text).not.toMatch(/5\/10/);
  });
});

/** Runs the CLI under a pseudo-terminal (util-linux `script`), so stdout and stderr are TTYs. */
function inTerminal(args: string[]) {
  const cmd = [process.execPath, 'bin/neurotile.mjs', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // `script` takes one command string by design; every word is quoted above and none comes from outside the test.
  const r = spawnSync('script', ['-qefc', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, COLUMNS: '120' } });
  if (r.error) throw r.error;
  return r;
}

describe('at a terminal', () => {
  it('cosim draws a bar of its runs; with --json the terminal gets one JSON object and no bar', () => {
    const human = inTerminal(['cosim', '--target', 'fifo', '--sim', 'dsl', '--runs', '3000', '--seed', '5']);
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/\/3000 runs \|/);
    const json = inTerminal(['cosim', '--target', 'fifo', '--sim', 'dsl', '--runs', '3000', '--seed', '5', '--json']);
    expect(json.status).toBe(0);
    expect(json.stdout).not.toMatch(/runs \||░|█/);
    // The terminal shows stderr's progress lines too; the result is the one line that is a JSON object.
    const objects = json.stdout.split(/\r?\n/).filter((l) => l.startsWith('{'));
    expect(objects).toHaveLength(1);
    const obj = JSON.parse(objects[0]!) as { passed: boolean; runs: number };
    expect(obj).toMatchObject({ passed: true, runs: 3000 });
  }, 300_000);
});
