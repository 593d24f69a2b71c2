// A Simulator over a child process that speaks testbench/protocol.md. The
// backends (Verilator, Icarus) only say how to build and start the process.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { SimPort, TopInterface } from './ports.ts';
import { BatchResult, SimulationError, portValue, type Backend, type Simulator } from './simulator.ts';
import { ReplyParser, type BatchValues } from './reply-parser.ts';
import { BatchCodec } from './batch-codec.ts';
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

/** Rows per `b` / `B` command: big enough to amortise, small enough to keep memory flat. */
const BATCH_CHUNK = 16384;
/** Batches of at least this many rows go through files (command `f`). */
const FILE_BATCH_MIN = 1024;
/** Rows of the first file chunk; each next one doubles, up to FILE_BATCH_CHUNK. */
const FILE_CHUNK_FIRST = 4096;
const FILE_BATCH_CHUNK = 65536;
/** File chunks queued in the simulator beyond the one being decoded. */
const FILE_CHUNKS_IN_FLIGHT = 2;

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
  /** The binary batch format of this interface (protocol.md). */
  private readonly codec: BatchCodec;
  /** Names the batch files of each file chunk. */
  private fileSeq = 0;
  private readBuffer = new Uint32Array(0);

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
    this.codec = new BatchCodec(iface.top, this.inputs, this.outputs);
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
    if (this.fileBatches && rows.length >= FILE_BATCH_MIN) return (await this.runThroughFiles(rows, this.scratchDir())).result;
    const values = this.codec.values(rows.length);
    const pending: Promise<void>[] = [];
    for (let start = 0; start < rows.length; start += BATCH_CHUNK) {
      const n = Math.min(BATCH_CHUNK, rows.length - start);
      if (this.binaryBatch) {
        // A copy: the codec reuses its buffer, and the pipe writes asynchronously.
        const body = new Uint8Array(this.codec.encode(rows, start, n).slice().buffer);
        const bytes = n * this.codec.outRowWords * 4;
        const firstRow = start;
        // A design without outputs replies nothing to a binary batch.
        if (bytes > 0) {
          pending.push(
            new Promise((resolve, reject) =>
              this.parser.expect({ kind: 'binary', bytes, decode: (words) => this.codec.decode(words, values, firstRow, n), resolve, reject }),
            ),
          );
        }
        this.armWatchdog();
        await this.send(`B ${n}\n`);
        await this.send(body);
      } else {
        const body = this.encodeRows(rows, start, n);
        pending.push(new Promise((resolve, reject) => this.parser.expect({ kind: 'batch', values, firstRow: start, rows: n, resolve, reject })));
        this.armWatchdog();
        await this.send(`b ${n}\n${body}`);
      }
    }
    await Promise.all(pending);
    return new BatchResult(this.outputs, values);
  }

  /** A private directory for batch files, in shared memory where there is one; removed when the simulator exits. */
  private scratchDir(): string {
    if (this.scratch) return this.scratch;
    const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    const dir = mkdtempSync(join(base, `neurotile-${this.backend}-`));
    if (/\s/.test(dir)) throw new SimulationError(`batch file directory must not contain white space: ${dir}`);
    this.scratch = dir;
    this.onExit(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  /**
   * Runs `rows` inside the simulator process from files (command `f`, Verilator only) in `dir`:
   * the in-process speed without any protocol. Returns the outputs and the seconds the
   * simulator's loops took (the protocol excluded).
   */
  async fileRun(rows: (bigint | number)[][], dir: string): Promise<{ result: BatchResult; seconds: number }> {
    if (!this.fileRuns) throw new SimulationError(`${this.backend}: this simulator cannot run batches from a file`);
    if (/\s/.test(dir)) throw new SimulationError(`file run directory must not contain white space: ${dir}`);
    return this.runThroughFiles(rows, dir);
  }

  /**
   * A batch through files (in shared memory for runBatch): the stimulus as binary words in one
   * file per chunk, the outputs in another, the pipe carrying only the command. Bytes then cost
   * a memory copy each way instead of pipe round trips, which on a loaded machine cost a
   * scheduler slice each. Chunks are pipelined: the next chunk is encoded and queued while the
   * simulator runs the current one, so Node's encoding and decoding overlap the model's loop.
   * Chunks grow from FILE_CHUNK_FIRST rows (the simulator starts early) to FILE_BATCH_CHUNK
   * (each reply shows the watchdog progress).
   */
  private async runThroughFiles(rows: (bigint | number)[][], dir: string): Promise<{ result: BatchResult; seconds: number }> {
    const values = this.codec.values(rows.length);
    let ns = 0;
    const inFlight: Promise<void>[] = [];
    try {
      for (let start = 0, size = FILE_CHUNK_FIRST; start < rows.length; start += size, size = Math.min(2 * size, FILE_BATCH_CHUNK)) {
        const n = Math.min(size, rows.length - start);
        const job = this.fileChunk(rows, start, n, dir, values).then((t) => {
          ns += t;
        });
        job.catch(() => {}); // awaited below; a failure must not surface as unhandled meanwhile
        inFlight.push(job);
        if (inFlight.length > FILE_CHUNKS_IN_FLIGHT) await inFlight.shift();
      }
      await Promise.all(inFlight);
    } catch (e) {
      await Promise.allSettled(inFlight);
      throw e;
    }
    return { result: new BatchResult(this.outputs, values), seconds: ns / 1e9 };
  }

  /** One chunk as a file run: encode and write its rows, queue `f`; on the reply, decode its outputs into `values`. Resolves to the loop's nanoseconds. */
  private async fileChunk(rows: (bigint | number)[][], start: number, n: number, dir: string, values: BatchValues): Promise<number> {
    const id = this.fileSeq++;
    const inPath = join(dir, `b${id}.in`);
    const outPath = join(dir, `b${id}.out`);
    try {
      writeFileSync(inPath, this.codec.encode(rows, start, n));
      const ns = Number(await this.requestLine(`f ${inPath} ${outPath} ${n}\n`));
      this.codec.decode(this.readWords(outPath, n * this.codec.outRowWords), values, start, n);
      return ns;
    } finally {
      rmSync(inPath, { force: true });
      rmSync(outPath, { force: true });
    }
  }

  /** `count` words from a file into a buffer reused across calls (4-byte aligned, no copy). */
  private readWords(path: string, count: number): Uint32Array {
    if (this.readBuffer.length < count) this.readBuffer = new Uint32Array(Math.max(count, this.readBuffer.length * 2));
    this.readBytes(path, new Uint8Array(this.readBuffer.buffer, 0, count * 4));
    return this.readBuffer.subarray(0, count);
  }

  /** Exactly `into.length` bytes of a file into `into`. */
  private readBytes(path: string, into: Uint8Array): void {
    const fd = openSync(path, 'r');
    try {
      let got = 0;
      while (got < into.length) {
        const k = readSync(fd, into, got, into.length - got, got);
        if (k === 0) break;
        got += k;
      }
      if (got !== into.length) throw new SimulationError(`${this.backend}: batch output file ${path} has ${got} bytes; expected ${into.length}`);
    } finally {
      closeSync(fd);
    }
  }

  /** Rows [start, start + n) as hex-text lines (the `b` command). */
  private encodeRows(rows: (bigint | number)[][], start: number, n: number): string {
    const nIn = this.inputs.length;
    const limits = this.inputs.map((p) => 2 ** Math.min(p.width, 53));
    let text = '';
    for (let r = start; r < start + n; r++) {
      const row = rows[r];
      if (row.length !== nIn) throw new SimulationError(`batch row ${r} has ${row.length} values; ${this.iface.top} has ${nIn} inputs`);
      for (let k = 0; k < nIn; k++) {
        const v = row[k];
        const ok = typeof v === 'number' && v >= 0 && v < limits[k] && Number.isInteger(v);
        text += (ok ? v.toString(16) : portValue(this.inputs[k], v).toString(16)) + (k + 1 < nIn ? ' ' : '');
      }
      text += '\n';
    }
    return text;
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
