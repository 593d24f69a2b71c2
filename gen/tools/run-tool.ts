// Running an external tool (Verilator, Icarus, Yosys, make, ...): argument
// arrays only (never a shell string), output captured, and on timeout or
// abort the whole process group is killed — Verilator builds run make and
// the compiler below them, and killing only the direct child would leave
// those running.
import { spawn, type ChildProcess } from 'node:child_process';
import { killGroup, registerChild } from './process-registry.ts';
import { withJobSlot } from './job-slots.ts';

export interface RunToolOptions {
  cwd?: string;
  /** Kill the tool (and everything it started) after this long. Default: no limit. */
  timeoutMs?: number;
  /** Written to the tool's stdin, which is then closed. Without it stdin is /dev/null. */
  input?: string;
  /** Aborting kills the tool like a timeout does. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Keep at most this many characters of stdout and of stderr (the end is kept). Default 16 MiB. */
  maxOutputChars?: number;
  /** Take one of the machine's job slots (job-slots.ts) for the run; default true. */
  jobSlot?: boolean;
}

export interface ToolResult {
  /** Exit status, or null when the tool was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed because timeoutMs passed. */
  timedOut: boolean;
  /** Killed because the AbortSignal fired. */
  aborted: boolean;
  seconds: number;
}

/** The executable does not exist (ENOENT): the message says what to install when known. */
export class ToolNotFoundError extends Error {
  override name = 'ToolNotFoundError';
  constructor(
    readonly tool: string,
    hint?: string,
  ) {
    super(`${tool} not found${hint ? `: ${hint}` : ''}`);
  }
}

/** Debian packages of the tools the project uses, for "not found" messages. */
export const INSTALL_HINTS: Record<string, string> = {
  verilator: 'apt-get install verilator',
  iverilog: 'apt-get install iverilog',
  vvp: 'apt-get install iverilog',
  yosys: 'apt-get install yosys',
  'nextpnr-ice40': 'apt-get install nextpnr-ice40',
  vcd2fst: 'apt-get install gtkwave',
  fst2vcd: 'apt-get install gtkwave',
};

const DEFAULT_MAX_OUTPUT = 16 * 1024 * 1024;

/** Appends to a buffer that keeps only the last `max` characters. */
class Tail {
  private text = '';
  private dropped = 0;
  constructor(private readonly max: number) {}
  push(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.max * 2) this.trim();
  }
  private trim(): void {
    if (this.text.length <= this.max) return;
    this.dropped += this.text.length - this.max;
    this.text = this.text.slice(this.text.length - this.max);
  }
  value(): string {
    this.trim();
    return this.dropped ? `[... ${this.dropped} characters dropped ...]\n${this.text}` : this.text;
  }
}

/**
 * Tracks a long-running child started elsewhere (a simulator speaking a pipe
 * protocol), spawned with detached: true: it is killed with its process group
 * if this process exits or is interrupted.
 */
export function trackChild(child: ChildProcess): void {
  registerChild(child);
}

/** Kills a child's whole process group unless it has already exited. */
export function killChild(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) killGroup(child);
}

/**
 * Runs a tool to completion in one of the machine's job slots (shared by all
 * processes, see job-slots.ts); its timeout starts when it starts, not while
 * it waits for a slot.
 */
export function runTool(cmd: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolResult> {
  if (options.jobSlot === false) return runNow(cmd, args, options);
  return withJobSlot(() => runNow(cmd, args, options), options.signal);
}

function runNow(cmd: string, args: readonly string[], options: RunToolOptions): Promise<ToolResult> {
  const started = performance.now();
  const max = options.maxOutputChars ?? DEFAULT_MAX_OUTPUT;
  return new Promise<ToolResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new Error(`${cmd} not started: aborted`));
      return;
    }
    let child: ChildProcess;
    try {
      child = spawn(cmd, [...args], {
        cwd: options.cwd,
        env: options.env,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        detached: true, // its own process group, killed as a whole
      });
    } catch (err) {
      reject(err);
      return;
    }
    const forget = registerChild(child);
    const stdout = new Tail(max);
    const stderr = new Tail(max);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => stdout.push(d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
    let timedOut = false;
    let aborted = false;
    let settled = false;
    let fallback: NodeJS.Timeout | undefined;

    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve({ code, signal, stdout: stdout.value(), stderr: stderr.value(), timedOut, aborted, seconds: (performance.now() - started) / 1000 });
    };
    const stop = () => {
      killGroup(child);
      // If something escaped the group and holds our pipes open, do not wait for 'close' forever.
      child.once('exit', (code, signal) => {
        fallback = setTimeout(() => finish(code, signal), 2000);
      });
    };
    const timer = options.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), stop()), options.timeoutMs) : undefined;
    const onAbort = () => ((aborted = true), stop());
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      forget();
      if (timer) clearTimeout(timer);
      if (fallback) clearTimeout(fallback);
      options.signal?.removeEventListener('abort', onAbort);
    };

    child.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(err.code === 'ENOENT' ? new ToolNotFoundError(cmd, INSTALL_HINTS[cmd]) : err);
    });
    child.on('close', (code, signal) => finish(code, signal));

    if (options.input !== undefined) {
      child.stdin!.on('error', () => {
        /* the tool exited without reading all of its input: its status tells */
      });
      child.stdin!.end(options.input);
    }
  });
}
