// Every simulator process we start is registered here and killed when this
// Node process exits or is interrupted: a cosim run never leaves a verilator
// model or vvp behind. (If Node is killed with SIGKILL, the children still
// exit: they read stdin, and its EOF means "quit".)
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
let hooked = false;

function killAll(): void {
  for (const child of live) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }
  live.clear();
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // Re-raise with the default handler so the exit status says what happened.
      process.kill(process.pid, signal);
    });
  }
}

/** Tracks `child` (spawned with detached: true, so it leads its own process group) until it exits. */
export function registerChild(child: ChildProcess): void {
  hook();
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** Kills a child's whole process group. */
export function killChild(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

export function liveChildren(): number {
  return live.size;
}
