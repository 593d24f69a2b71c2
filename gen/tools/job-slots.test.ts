// The machine-wide job limit: never more tool runs at once than slots, a
// slot held by another live process is waited for, and one whose holder
// died is taken over. Real processes (sleep), no wall-clock asserts.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureJobSlots, jobSlotStats, withJobSlot } from './job-slots.ts';
import { runTool } from './run-tool.ts';

const dir = mkdtempSync(join(tmpdir(), 'neurotile-slots-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('job slots', () => {
  it('runs at most `limit` tools at once, in one process', async () => {
    configureJobSlots({ limit: 2, dir: join(dir, 'a') });
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        withJobSlot(async () => {
          most = Math.max(most, ++running);
          const r = await runTool('sleep', ['0.2'], { jobSlot: false });
          running--;
          return r.code;
        }),
      ),
    );
    expect(results).toEqual([0, 0, 0, 0, 0, 0]);
    expect(most).toBe(2);
    expect(jobSlotStats().held).toBe(0);
    expect(readdirSync(join(dir, 'a'))).toEqual([]); // every lock released
  });

  it('waits for slots another live process holds, and takes them over once it died', async () => {
    const slots = join(dir, 'b');
    mkdirSync(slots, { recursive: true });
    configureJobSlots({ limit: 2, dir: slots });
    const other = spawn('sleep', ['600'], { stdio: 'ignore' });
    for (const i of [0, 1]) writeFileSync(join(slots, `slot-${i}`), `${other.pid}\n`);
    let started = false;
    const job = withJobSlot(async () => {
      started = true;
      return 'ran';
    });
    // Give the waiter many polling rounds: it must not start while the holder lives.
    for (let i = 0; i < 20; i++) await new Promise((ok) => setTimeout(ok, 25));
    expect(started).toBe(false);
    const gone = new Promise((ok) => other.once('exit', ok));
    other.kill('SIGKILL');
    await gone;
    expect(await job).toBe('ran');
    expect(started).toBe(true);
  });
});
