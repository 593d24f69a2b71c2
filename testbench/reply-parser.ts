// Parses the simulator's stdout as it streams in: single-line replies, and
// batch replies decoded straight from the bytes (no per-line strings) so a
// million cycles cost tens of milliseconds, not seconds.
import type { NarrowColumn } from '../gen/sim/codegen.ts';

/** The column of a port wider than 52 bits: no values (they are in `wide`). */
const NO_COLUMN = new Uint8Array(0);

/**
 * Output values of a batch: ports up to 52 bits in `columns`, one typed array per port with a
 * value per row, wider ones as bigints in `wide`, which holds only the wide ports: value
 * (row, k) at row * wideCount + wideColumn[k] (a 256-bit crossbar output among 10 ports: 100k
 * rows allocate 100k entries, not a 1M-entry array of holes, which took 21 ms to allocate).
 * Each column is the smallest unsigned typed array that holds its port (Uint8Array up to 8
 * bits, Uint16Array, Uint32Array, else doubles, exact up to 52 bits), so one 32-bit port no
 * longer widens every other port's values to words: memory a batch touches for the first
 * time is dear on this machine. The tile's 17 outputs took 2.7 MB per 40k cycles as one
 * row-major Uint32Array (665 fresh pages) and take 0.8 MB as columns (195); its batches ran
 * 1.12x faster on the DSL simulator and 1.23x through the Verilator pipe.
 * Wide values may be kept as the reply's words (`wideWords`) and made bigints only when read:
 * a batch whose wide outputs nobody reads costs no bigint at all.
 */
export class BatchValues {
  /** Per port: its values, one per row, for ports of at most 52 bits (empty for wider ports). */
  readonly columns: NarrowColumn[];
  /** Wide values as bigints (see `wide`); allocated on first use (a batch with wide ports nobody reads never allocates it). */
  private wideValues: (bigint | undefined)[] | null = null;
  /** Per port: its column among the wide ports, -1 for ports of at most 52 bits. */
  readonly wideColumn: number[];
  /** Number of ports wider than 52 bits. */
  readonly wideCount: number;
  /** Per port: its first word among a row's wide words, -1 for ports of at most 52 bits. */
  readonly wideOffset: number[];
  /** 32-bit words of the wide ports of one row. */
  readonly wideRowWords: number;
  private rawWide: Uint32Array | null = null;
  /** Values a 4-state simulator reported as X or Z (stored as 0). */
  readonly unknown: { row: number; port: number }[] = [];
  constructor(
    readonly rows: number,
    readonly widths: number[],
  ) {
    this.columns = widths.map((w) => narrowColumn(w, rows));
    let column = 0;
    this.wideColumn = widths.map((w) => (w > 52 ? column++ : -1));
    this.wideCount = column;
    let words = 0;
    this.wideOffset = widths.map((w) => (w > 52 ? (words += Math.ceil(w / 32)) - Math.ceil(w / 32) : -1));
    this.wideRowWords = words;
  }
  /** Wide values, value (row, k) at row * wideCount + wideColumn[k]; filled from the reply's words on first use. */
  get wide(): (bigint | undefined)[] {
    if (this.rawWide) {
      for (let r = 0; r < this.rows; r++) for (let k = 0; k < this.widths.length; k++) if (this.widths[k] > 52) this.get(r, k);
      this.rawWide = null;
    }
    return this.wideArray();
  }
  private wideArray(): (bigint | undefined)[] {
    return (this.wideValues ??= new Array(this.rows * this.wideCount));
  }
  /** The reply words of the wide ports, `wideRowWords` per row (allocated on first call): a decoder fills them. */
  wideWords(): Uint32Array {
    return (this.rawWide ??= new Uint32Array(this.rows * this.wideRowWords));
  }
  /** Stores wide port `k`'s value of `row`. */
  setWide(row: number, k: number, value: bigint): void {
    this.wideArray()[row * this.wideCount + this.wideColumn[k]] = value;
  }
  get(row: number, k: number): bigint {
    if (this.widths[k] <= 52) return BigInt(this.columns[k][row]);
    const i = row * this.wideCount + this.wideColumn[k];
    const values = this.wideArray();
    let x = values[i];
    if (x === undefined && this.rawWide) {
      const raw = this.rawWide;
      const at = row * this.wideRowWords + this.wideOffset[k];
      x = 0n;
      for (let q = Math.ceil(this.widths[k] / 32) - 1; q >= 0; q--) x = (x << 32n) | BigInt(raw[at + q]);
      values[i] = x;
    }
    return x!;
  }
  getNumber(row: number, k: number): number {
    if (this.widths[k] > 52) throw new Error('getNumber on a port wider than 52 bits');
    return this.columns[k][row];
  }
}

function narrowColumn(width: number, rows: number): NarrowColumn {
  if (width > 52) return NO_COLUMN;
  if (width <= 8) return new Uint8Array(rows);
  if (width <= 16) return new Uint16Array(rows);
  if (width <= 32) return new Uint32Array(rows);
  return new Float64Array(rows);
}

interface LineWaiter {
  kind: 'line';
  resolve(line: string): void;
  reject(e: Error): void;
}

/** A hex-text batch reply: `rows` lines stored into `values` from row `firstRow` on. */
interface BatchWaiter {
  kind: 'batch';
  values: BatchValues;
  firstRow: number;
  rows: number;
  resolve(): void;
  reject(e: Error): void;
}

/** A binary batch reply of `bytes` bytes (little-endian 32-bit words), handed whole to `decode`. */
interface BinaryWaiter {
  kind: 'binary';
  bytes: number;
  decode(words: Uint32Array): void;
  resolve(): void;
  reject(e: Error): void;
}

export type Waiter = LineWaiter | BatchWaiter | BinaryWaiter;

const SPACE = 32;
const NEWLINE = 10;
const CR = 13;

function digit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

export class ReplyParser {
  private readonly queue: Waiter[] = [];
  private line = '';
  // batch state
  private index = 0; // value index within the current batch
  private acc = 0;
  private wideText = '';
  private digits = 0;
  private sawX = false;

  get pending(): number {
    return this.queue.length;
  }

  expect(w: Waiter): void {
    this.queue.push(w);
  }

  rejectAll(e: Error): void {
    for (const w of this.queue.splice(0)) w.reject(e);
  }

  feed(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      const head = this.queue[0];
      if (!head) throw new Error(`unexpected output from the simulator: ${JSON.stringify(chunk.toString('utf8', i, i + 80))}`);
      i = head.kind === 'line' ? this.feedLine(head, chunk, i) : head.kind === 'batch' ? this.feedBatch(head, chunk, i) : this.feedBinary(head, chunk, i);
    }
  }

  // binary state: the bytes of the reply so far
  private binary: Uint8Array | null = null;
  private binaryFill = 0;

  private feedBinary(w: BinaryWaiter, chunk: Buffer, i: number): number {
    const total = w.bytes;
    if (!this.binary) {
      // Whole reply in this chunk (and 4-byte aligned): decode it in place, no copy.
      if (chunk.length - i >= total && (chunk.byteOffset + i) % 4 === 0) {
        this.finishBinary(w, new Uint32Array(chunk.buffer, chunk.byteOffset + i, total / 4));
        return i + total;
      }
      this.binary = new Uint8Array(total);
      this.binaryFill = 0;
    }
    const n = Math.min(total - this.binaryFill, chunk.length - i);
    this.binary.set(chunk.subarray(i, i + n), this.binaryFill);
    this.binaryFill += n;
    if (this.binaryFill === total) {
      const bytes = this.binary;
      this.binary = null;
      this.finishBinary(w, new Uint32Array(bytes.buffer, bytes.byteOffset, total / 4));
    }
    return i + n;
  }

  private finishBinary(w: BinaryWaiter, words: Uint32Array): void {
    this.queue.shift();
    try {
      w.decode(words);
    } catch (e) {
      w.reject(e as Error);
      return;
    }
    w.resolve();
  }

  private feedLine(w: LineWaiter, chunk: Buffer, i: number): number {
    const end = chunk.indexOf(NEWLINE, i);
    if (end < 0) {
      this.line += chunk.toString('latin1', i);
      return chunk.length;
    }
    const text = (this.line + chunk.toString('latin1', i, end)).replace(/\r$/, '');
    this.line = '';
    this.queue.shift();
    w.resolve(text);
    return end + 1;
  }

  private feedBatch(w: BatchWaiter, chunk: Buffer, i: number): number {
    const v = w.values;
    const nPorts = v.widths.length;
    const total = w.rows * nPorts;
    for (; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === SPACE || c === NEWLINE) {
        if (this.digits === 0) {
          if (c === NEWLINE && nPorts === 0) {
            if (++this.index >= w.rows) return this.finishBatch(w, i + 1);
          }
          continue;
        }
        this.storeValue(w);
        if (this.index === total) return this.finishBatch(w, i + 1);
        continue;
      }
      if (c === CR) continue;
      const d = digit(c);
      if (d < 0) {
        if (c === 120 || c === 88 || c === 122 || c === 90) this.sawX = true; // x / z from a 4-state simulator
        else {
          this.queue.shift();
          w.reject(new Error(`bad character ${JSON.stringify(String.fromCharCode(c))} in batch reply`));
          return i + 1;
        }
      }
      const k = this.index % nPorts;
      if (v.widths[k] > 52) this.wideText += String.fromCharCode(c);
      else this.acc = this.acc * 16 + Math.max(0, d);
      this.digits++;
    }
    return i;
  }

  private storeValue(w: BatchWaiter): void {
    const v = w.values;
    const k = this.index % v.widths.length;
    if (this.sawX) {
      v.unknown.push({ row: w.firstRow + Math.floor(this.index / v.widths.length), port: k });
      this.sawX = false;
      this.wideText = this.wideText.replace(/[xXzZ]/g, '0');
    }
    const row = w.firstRow + Math.floor(this.index / v.widths.length);
    if (v.widths[k] > 52) v.setWide(row, k, BigInt(`0x${this.wideText}`));
    else v.columns[k][row] = this.acc;
    this.index++;
    this.resetValue();
  }

  private resetValue(): void {
    this.acc = 0;
    this.wideText = '';
    this.digits = 0;
  }

  private finishBatch(w: BatchWaiter, next: number): number {
    this.index = 0;
    this.resetValue();
    this.queue.shift();
    w.resolve();
    return next;
  }
}
