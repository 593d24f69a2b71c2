// One job limit for every tool run on this machine: in this process, in
// every vitest worker and in every CLI started beside them. A slot is a lock
// file under build/locks/jobs/ (created with O_EXCL, holding the pid); a
// slot whose holder died is taken over. Waiting for a slot does not count
// against a tool's timeout: the timeout is for the tool's own work.
//
// Slots: NEUROTILE_JOBS, else the number of cores. Long-running simulators
// (pipe protocol) do not take a slot: a test may hold several open at once.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { BUILD_DIR } from './build-dir.ts';
import { registerCleanup } from './process-registry.ts';

export interface JobSlotsConfig {
  /** How many tool runs may run at once on this machine. */
  limit: number;
  /** Where the lock files live (shared by every process that uses the same build/). */
  dir: string;
}

function defaultConfig(): JobSlotsConfig {
  const fromEnv = Number(process.env.NEUROTILE_JOBS);
  const limit = Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : Math.max(1, availableParallelism());
  return { limit, dir: join(BUILD_DIR, 'locks', 'jobs') };
}

let config = defaultConfig();
let held = 0;
let maxHeld = 0;

/** For tests: another limit or lock folder. */
export function configureJobSlots(c: Partial<JobSlotsConfig>): void {
  config = { ...config, ...c };
}

/** Slots this process holds now, and the most it held at once (for tests). */
export function jobSlotStats(): { held: number; maxHeld: number; limit: number } {
  return { held, maxHeld, limit: config.limit };
}

/** Whether process `pid` exists (EPERM: it does, owned by someone else); for stale lock files. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes a free slot's lock file, or undefined when all are busy (stale ones are freed on the way). */
function tryTake(): string | undefined {
  mkdirSync(config.dir, { recursive: true });
  for (let i = 0; i < config.limit; i++) {
    const path = join(config.dir, `slot-${i}`);
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid = NaN;
      try {
        pid = Number(readFileSync(path, 'utf8').trim());
      } catch {
        continue; // just released or being written: try again next round
      }
      // A holder that died (killed -9, a crashed worker) frees its slot for the others.
      if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) rmSync(path, { force: true });
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Runs `work` while holding one job slot. */
export async function withJobSlot<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  let path: string | undefined;
  for (let wait = 20; !(path = tryTake()); wait = Math.min(wait * 2, 500)) {
    if (signal?.aborted) throw new Error('aborted while waiting for a job slot');
    await sleep(wait + Math.random() * wait);
  }
  const lock = path;
  const unregister = registerCleanup(() => rmSync(lock, { force: true }));
  held++;
  maxHeld = Math.max(maxHeld, held);
  try {
    return await work();
  } finally {
    held--;
    rmSync(lock, { force: true });
    unregister();
  }
}
