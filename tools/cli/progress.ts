// A progress bar for long runs (cosim with many runs, bench, emulate, report):
// done / total, rate and time left, drawn on stderr with cli-progress. It
// draws only for a person at a terminal: never with --json or --quiet, never
// when stdout or stderr is not a TTY (pipes, files, CI), so scripts reading
// the output see exactly what they saw before.
import cliProgress from 'cli-progress';

export interface ProgressBar {
  /** Moves the bar to `done` (of `total`), with an optional short note ("S = 4", "router"). */
  update(done: number, note?: string): void;
  /** One more step done. */
  increment(note?: string): void;
  /** Changes the total (a run that learns its size late). */
  setTotal(total: number): void;
  /** Removes the bar from the terminal; safe to call more than once. */
  stop(): void;
  /** Whether anything is drawn (false: every call is a no-op). */
  readonly active: boolean;
}

export interface ProgressOptions {
  /** What is being counted: "runs", "images", "charts". */
  unit: string;
  total: number;
  /** --json was given: stdout is reserved for the result. */
  json?: boolean;
  /** --quiet was given. */
  quiet?: boolean;
  /** Streams to test against (defaults: process.stdout and process.stderr). */
  stdout?: { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Whether a bar would be drawn for these options: a terminal on both streams, no --json, no --quiet. */
export function progressWanted(o: Pick<ProgressOptions, 'json' | 'quiet' | 'stdout' | 'stderr'>): boolean {
  const out = o.stdout ?? process.stdout;
  const err = o.stderr ?? process.stderr;
  return !o.json && !o.quiet && out.isTTY === true && err.isTTY === true;
}

const NONE: ProgressBar = { update() {}, increment() {}, setTotal() {}, stop() {}, active: false };

// Every bar still on screen: stopped on exit so the cursor and the line come back.
const open = new Set<ProgressBar>();
let exitHook = false;

export function createProgress(o: ProgressOptions): ProgressBar {
  if (!progressWanted(o)) return NONE;
  const bar = new cliProgress.SingleBar(
    {
      stream: o.stderr ?? process.stderr,
      format: ` {bar} {value}/{total} ${o.unit} | {rate}/s | {eta_formatted} left | {note}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const start = performance.now();
  const rate = (done: number) => {
    const s = (performance.now() - start) / 1000;
    return s > 0 ? (done / s).toFixed(done / s >= 10 ? 0 : 2) : '0';
  };
  let done = 0;
  let stopped = false;
  bar.start(o.total, 0, { rate: '0', note: '' });
  const handle: ProgressBar = {
    active: true,
    update(d, note) {
      if (stopped) return;
      done = d;
      bar.update(d, { rate: rate(d), ...(note === undefined ? {} : { note }) });
    },
    increment(note) {
      handle.update(done + 1, note);
    },
    setTotal(total) {
      if (!stopped) bar.setTotal(total);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      open.delete(handle);
      bar.stop();
    },
  };
  open.add(handle);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const b of [...open]) b.stop();
    });
  }
  return handle;
}
