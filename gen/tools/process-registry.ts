// Everything this process must undo when it ends or is interrupted: child
// process groups still running (simulators, Verilator builds, Yosys) and
// temporary folders (half-built models, pipe folders, lint/synth scratch).
// Children run in their own process group (so a timeout can kill all of
// them), which also means a Ctrl-C on our terminal no longer reaches them:
// on SIGINT/SIGTERM/SIGHUP the registry kills them, runs the cleanups, and
// then re-raises the signal so the process ends as the signal says.
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
const cleanups = new Set<() => void>();
let hooksInstalled = false;

export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone (ESRCH), or the group leader died: try the child itself.
    try {
      child.kill('SIGKILL');
    } catch {
      /* nothing left to kill */
    }
  }
}

function runCleanups(): void {
  live.forEach(killGroup);
  for (const c of [...cleanups]) {
    cleanups.delete(c);
    try {
      c();
    } catch {
      /* best effort: the next cleanup still runs */
    }
  }
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', runCleanups);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      runCleanups();
      // Re-raise with the default action, unless the application handles the signal itself.
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

/** Tracks a child spawned with detached: true: its group is killed when this process exits or is interrupted. */
export function registerChild(child: ChildProcess): () => void {
  installExitHooks();
  live.add(child);
  const forget = () => live.delete(child);
  child.once('exit', forget);
  return forget;
}

/**
 * Runs `cleanup` (synchronously: remove a temp folder) if the process exits
 * or is interrupted before the returned function is called.
 */
export function registerCleanup(cleanup: () => void): () => void {
  installExitHooks();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}
