// A Simulator over a child process that speaks testbench/protocol.md. The
// backends (Verilator, Icarus) only say how to build and start the process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { SimPort, TopInterface } from './ports.ts';
import { BatchResult, SimulationError, portValue, type Backend, type Simulator } from './simulator.ts';
import { BatchValues, ReplyParser, decodeBinaryBatch } from './reply-parser.ts';
import { killChild, trackChild } from '../gen/tools/run-tool.ts';

export interface PipeOptions {
  /** Kill the simulator if a reply takes longer than this (default 120 s). */
  replyTimeoutMs?: number;
  /** Batches as hex text even where the simulator speaks binary and file runs (to measure the protocol's share). */
  textBatches?: boolean;
}

interface BackendOptions {
  /** The simulator speaks the binary batch command `B` (protocol.md); otherwise batches travel as hex text. */
  binaryBatch?: boolean;
}

interface LaunchOptions extends PipeOptions, BackendOptions {
  cwd?: string;
  /** Read replies from this stream instead of stdout (the child's stdout is then kept as log). */
  replies?: NodeJS.ReadableStream;
}

/** Rows per `b` command: big enough to amortise, small enough to keep memory flat. */
const BATCH_CHUNK = 16384;
/** Batches of at least this many rows go through files; each file run is at most FILE_BATCH_CHUNK rows (the reply watchdog sees progress). */
const FILE_BATCH_MIN = 1024;
const FILE_BATCH_CHUNK = 65536;

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
  private readonly binaryBatch: boolean;
  /** The simulator can run batches from a file (command `f`). */
  private readonly fileRuns: boolean;
  /** Large batches travel through files (command `f`) instead of the pipe. */
  private readonly fileBatches: boolean;
  private scratch: string | undefined;
  /** 32-bit words per input / output port in the binary batch format. */
  private readonly inWords: number[];
  private readonly outWords: number[];

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
    this.binaryBatch = (options.binaryBatch ?? false) && !options.textBatches;
    this.fileRuns = options.binaryBatch ?? false;
    this.fileBatches = this.fileRuns && !options.textBatches;
    this.inWords = this.inputs.map((p) => Math.ceil(p.width / 32));
    this.outWords = this.outputs.map((p) => Math.ceil(p.width / 32));
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

  private send(text: string | Uint8Array): Promise<void> {
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
    if (this.fileBatches && rows.length >= FILE_BATCH_MIN) return this.runBatchThroughFiles(rows);
    const widths = this.outputs.map((p) => p.width);
    const all = new BatchValues(rows.length, widths);
    const pending: Promise<BatchValues>[] = [];
    for (let start = 0; start < rows.length; start += BATCH_CHUNK) {
      const chunk = rows.slice(start, start + BATCH_CHUNK);
      const values = new BatchValues(chunk.length, widths);
      if (this.binaryBatch) {
        const words = this.outWords;
        const body = this.encodeBinary(chunk, start);
        // A design without outputs replies nothing to a binary batch.
        if (words.length === 0) pending.push(Promise.resolve(values));
        else pending.push(new Promise((resolve, reject) => this.parser.expect({ kind: 'binary', values, words, resolve, reject })));
        this.armWatchdog();
        await this.send(`B ${chunk.length}\n`);
        await this.send(body);
      } else {
        const body = this.encodeRows(chunk);
        pending.push(new Promise((resolve, reject) => this.parser.expect({ kind: 'batch', values, resolve, reject })));
        this.armWatchdog();
        await this.send(`b ${chunk.length}\n${body}`);
      }
    }
    const parts = await Promise.all(pending);
    parts.forEach((part, i) => mergeInto(all, part, i * BATCH_CHUNK));
    return new BatchResult(this.outputs, all);
  }

  /** Rows as little-endian 32-bit words, each input's bit pattern in its port's number of words. */
  private encodeBinary(rows: (bigint | number)[][], firstRow: number): Uint8Array {
    const rowWords = this.inWords.reduce((a, b) => a + b, 0);
    const words = new Uint32Array(rows.length * rowWords);
    const nIn = this.inputs.length;
    const limits = this.inputs.map((q) => (q.width <= 32 ? 2 ** q.width : 0));
    let p = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (row.length !== nIn) {
        throw new SimulationError(`batch row ${firstRow + r} has ${row.length} values; ${this.iface.top} has ${nIn} inputs`);
      }
      for (let k = 0; k < nIn; k++) {
        const v = row[k];
        // Fast path: a whole number that fits a port of at most 32 bits (limit 0 for wider ports).
        if (typeof v === 'number' && v >= 0 && v < limits[k] && v % 1 === 0) {
          words[p++] = v;
          continue;
        }
        let x = portValue(this.inputs[k], v);
        for (let q = 0; q < this.inWords[k]; q++, x >>= 32n) words[p++] = Number(x & 0xffffffffn);
      }
    }
    return new Uint8Array(words.buffer);
  }

  /**
   * A large batch through files in shared memory: the stimulus as binary words in one file, the
   * outputs in another, the pipe carrying only the command. Bytes then cost a memory copy each
   * way instead of pipe round trips, which on a loaded machine cost a scheduler slice each.
   */
  private async runBatchThroughFiles(rows: (bigint | number)[][]): Promise<BatchResult> {
    const dir = this.scratchDir();
    const values = new BatchValues(rows.length, this.outputs.map((p) => p.width));
    for (let start = 0; start < rows.length; start += FILE_BATCH_CHUNK) {
      const part = await this.fileRun(rows.slice(start, start + FILE_BATCH_CHUNK), dir);
      mergeInto(values, part.result.values, start);
    }
    return new BatchResult(this.outputs, values);
  }

  /** A private directory for batch files, in shared memory where there is one; removed when the simulator exits. */
  private scratchDir(): string {
    if (this.scratch) return this.scratch;
    const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    const dir = mkdtempSync(join(base, `neurotile-${this.backend}-`));
    this.scratch = dir;
    this.onExit(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  /**
   * Runs `rows` inside the simulator process from a file (command `f`, Verilator only): the
   * in-process speed without any protocol. Returns the outputs and the seconds the loop took.
   */
  async fileRun(rows: (bigint | number)[][], dir: string): Promise<{ result: BatchResult; seconds: number }> {
    if (!this.fileRuns) throw new SimulationError(`${this.backend}: this simulator cannot run batches from a file`);
    const tmp = mkdtempSync(resolve(dir, 'filerun-'));
    try {
      const inPath = resolve(tmp, 'in.bin');
      const outPath = resolve(tmp, 'out.bin');
      writeFileSync(inPath, this.encodeBinary(rows, 0));
      if (/\s/.test(tmp)) throw new SimulationError(`file run directory must not contain white space: ${tmp}`);
      const ns = Number(await this.requestLine(`f ${inPath} ${outPath} ${rows.length}\n`));
      const values = new BatchValues(rows.length, this.outputs.map((p) => p.width));
      decodeBinaryBatch(values, this.outWords, readFileSync(outPath));
      return { result: new BatchResult(this.outputs, values), seconds: ns / 1e9 };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
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
