// A Simulator over a child process that speaks testbench/protocol.md. The
// backends (Verilator, Icarus) only say how to build and start the process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SimPort, TopInterface } from './ports.ts';
import { BatchResult, SimulationError, portValue, type Backend, type Simulator } from './simulator.ts';
import { BatchValues, ReplyParser } from './reply-parser.ts';
import { killChild, trackChild } from '../gen/tools/run-tool.ts';

export interface PipeOptions {
  /** Kill the simulator if a reply takes longer than this (default 120 s). */
  replyTimeoutMs?: number;
}

interface LaunchOptions extends PipeOptions {
  cwd?: string;
  /** Read replies from this stream instead of stdout (the child's stdout is then kept as log). */
  replies?: NodeJS.ReadableStream;
}

/** Rows per `b` command: big enough to amortise, small enough to keep memory flat. */
const BATCH_CHUNK = 16384;

export class PipeSimulator implements Simulator {
  private readonly child: ChildProcess;
  private readonly parser = new ReplyParser();
  private readonly portIndex: Map<string, number>;
  private readonly inputs: SimPort[];
  private readonly outputs: SimPort[];
  /** The tail of what the simulator printed (stderr, and stdout when replies come elsewhere), for error messages. */
  private log = '';
  private exited: Error | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly replyTimeoutMs: number;

  constructor(
    readonly backend: Backend,
    readonly iface: TopInterface,
    command: string,
    args: string[],
    options: LaunchOptions = {},
  ) {
    this.replyTimeoutMs = options.replyTimeoutMs ?? 120_000;
    this.portIndex = new Map(iface.ports.map((p, i) => [p.name, i]));
    this.inputs = iface.ports.filter((p) => p.dir === 'input');
    this.outputs = iface.ports.filter((p) => p.dir === 'output');
    this.child = spawn(command, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    trackChild(this.child);
    const replies = options.replies ?? this.child.stdout!;
    if (options.replies) {
      // The simulator's own chatter: keep the tail for error messages.
      this.child.stdout!.on('data', (chunk: Buffer) => {
        this.log = (this.log + chunk.toString()).slice(-4000);
      });
    }
    replies.on('error', (e: Error) => this.fail(new SimulationError(`${backend}: reply stream: ${e.message}`)));
    replies.on('data', (chunk: Buffer) => {
      try {
        this.parser.feed(chunk);
        this.armWatchdog();
      } catch (e) {
        this.fail(e as Error);
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-4000);
    });
    this.child.stdin!.on('error', () => {
      /* reported through 'exit' */
    });
    this.child.on('error', (e) => this.fail(new SimulationError(`${backend}: cannot start ${command}: ${e.message}`)));
    this.child.on('exit', (code, signal) => {
      const why = signal ? `killed by ${signal}` : `exited with status ${code}`;
      this.fail(new SimulationError(`${backend} simulator ${why}${this.log ? `: ${this.log.trim()}` : ''}`));
    });
  }

  private fail(e: Error): void {
    if (!this.exited) this.exited = e;
    clearTimeout(this.watchdog);
    this.parser.rejectAll(this.exited);
    killChild(this.child);
  }

  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    if (this.parser.pending === 0) return;
    this.watchdog = setTimeout(
      () => this.fail(new SimulationError(`${this.backend}: no reply within ${this.replyTimeoutMs} ms; simulator killed`)),
      this.replyTimeoutMs,
    );
    this.watchdog.unref();
  }

  private send(text: string): Promise<void> {
    if (this.exited) return Promise.reject(this.exited);
    const ok = this.child.stdin!.write(text);
    return ok ? Promise.resolve() : new Promise((resolve) => this.child.stdin!.once('drain', resolve));
  }

  private requestLine(text: string): Promise<string> {
    if (this.exited) return Promise.reject(this.exited);
    const reply = new Promise<string>((resolve, reject) => this.parser.expect({ kind: 'line', resolve, reject }));
    this.armWatchdog();
    void this.send(text);
    return reply;
  }

  private port(name: string): { index: number; port: SimPort } {
    const index = this.portIndex.get(name);
    if (index === undefined) throw new SimulationError(`no port '${name}' on ${this.iface.top}`);
    return { index, port: this.iface.ports[index] };
  }

  async reset(cycles = 1): Promise<void> {
    if (!this.portIndex.has('reset')) return;
    await this.poke('reset', 1);
    await this.step(cycles);
    await this.poke('reset', 0);
  }

  async poke(name: string, value: bigint | number): Promise<void> {
    const { index, port } = this.port(name);
    if (port.dir !== 'input') throw new SimulationError(`'${name}' is an output; only inputs can be poked`);
    return this.send(`p ${index} ${portValue(port, value).toString(16)}\n`);
  }

  async peek(name: string): Promise<bigint> {
    const { index } = this.port(name);
    const line = await this.requestLine(`g ${index}\n`);
    if (/^[0-9a-fA-F]*[xXzZ][0-9a-fA-FxXzZ]*$/.test(line)) {
      throw new SimulationError(`${this.backend}: '${name}' is X/Z (${line}): not reset or not driven`);
    }
    return parseHex(line, this.backend);
  }

  step(cycles = 1): Promise<void> {
    return this.send(`s ${cycles}\n`);
  }

  async runBatch(rows: (bigint | number)[][]): Promise<BatchResult> {
    const widths = this.outputs.map((p) => p.width);
    const all = new BatchValues(rows.length, widths);
    const pending: Promise<BatchValues>[] = [];
    for (let start = 0; start < rows.length; start += BATCH_CHUNK) {
      const chunk = rows.slice(start, start + BATCH_CHUNK);
      const values = new BatchValues(chunk.length, widths);
      pending.push(new Promise((resolve, reject) => this.parser.expect({ kind: 'batch', values, resolve, reject })));
      this.armWatchdog();
      await this.send(`b ${chunk.length}\n${this.encodeRows(chunk)}`);
    }
    const parts = await Promise.all(pending);
    parts.forEach((part, i) => mergeInto(all, part, i * BATCH_CHUNK));
    return new BatchResult(this.outputs, all);
  }

  private encodeRows(rows: (bigint | number)[][]): string {
    const lines = new Array<string>(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (row.length !== this.inputs.length) {
        throw new SimulationError(`batch row ${r} has ${row.length} values; ${this.iface.top} has ${this.inputs.length} inputs`);
      }
      let line = '';
      for (let k = 0; k < row.length; k++) {
        const v = row[k];
        const ok = typeof v === 'number' ? v >= 0 && v < 2 ** Math.min(this.inputs[k].width, 53) : false;
        line += (k ? ' ' : '') + (ok ? v.toString(16) : portValue(this.inputs[k], v).toString(16));
      }
      lines[r] = line;
    }
    return lines.join('\n') + '\n';
  }

  async runUntil(name: string, value: bigint | number, maxCycles: number): Promise<number> {
    const { index, port } = this.port(name);
    const line = await this.requestLine(`u ${index} ${portValue(port, value).toString(16)} ${maxCycles}\n`);
    return line === 'timeout' ? -1 : Number(line);
  }

  async trace(path: string | null): Promise<void> {
    if (path === null) return this.send('t -\n');
    if (/[\s]/.test(path)) throw new SimulationError(`VCD path must not contain white space: ${JSON.stringify(path)}`);
    const absolute = resolve(path);
    mkdirSync(dirname(absolute), { recursive: true });
    return this.send(`t ${absolute}\n`);
  }

  /** Runs `f` once the simulator process has exited (for backend clean-up such as temp files). */
  onExit(f: () => void): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) f();
    else this.child.once('exit', f);
  }

  async cycle(): Promise<number> {
    return Number(await this.requestLine('c\n'));
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.exited ??= new SimulationError(`${this.backend} simulator closed`);
    this.child.stdin!.end('q\n');
    const timer = setTimeout(() => killChild(this.child), 5000);
    await exited;
    clearTimeout(timer);
  }
}

function parseHex(text: string, backend: string): bigint {
  if (!/^[0-9a-fA-F]+$/.test(text)) throw new SimulationError(`${backend}: expected a hex value, got ${JSON.stringify(text)}`);
  return BigInt(`0x${text}`);
}

function mergeInto(all: BatchValues, part: BatchValues, rowOffset: number): void {
  const n = part.widths.length;
  all.narrow.set(part.narrow, rowOffset * n);
  for (let i = 0; i < part.wide.length; i++) if (part.wide[i] !== undefined) all.wide[rowOffset * n + i] = part.wide[i];
  for (const u of part.unknown) all.unknown.push({ row: u.row + rowOffset, port: u.port });
}
