// The binary batch format of testbench/protocol.md (`B` and `f`): each value
// as ceil(width / 32) little-endian 32-bit words, ports in order. Rows are
// encoded into one reused word buffer and replies decoded straight into the
// batch's final value arrays at their row offset: no per-row or per-chunk
// objects, so a million cycles cost a few typed-array passes and no garbage.
import type { SimPort } from './ports.ts';
import { BatchValues } from './reply-parser.ts';
import { SimulationError, portValue } from './simulator.ts';

const TWO_32 = 4294967296;

export class BatchCodec {
  /** 32-bit words per input / output port. */
  readonly inWords: number[];
  readonly outWords: number[];
  readonly inRowWords: number;
  readonly outRowWords: number;
  private readonly outWidths: number[];
  /** Per input: 2^width for ports of at most 32 bits (a plain number below it is stored as one word), 0 for wider ports. */
  private readonly limits: Float64Array;
  private readonly singleWordOutputs: boolean;
  private buffer = new Uint32Array(0);
  /** Per input: 2^width as a bigint, and as a number capped at 2^53 (whole numbers are exact below it). */
  private readonly bigLimits: bigint[];
  private readonly numberLimits: number[];
  /** Scratch for splitting a wide value into words, 64 bits at a time. */
  private readonly scratch64: BigUint64Array;
  private readonly scratch32: Uint32Array;

  constructor(
    private readonly top: string,
    private readonly inputs: SimPort[],
    outputs: SimPort[],
  ) {
    this.inWords = inputs.map((p) => Math.ceil(p.width / 32));
    this.outWords = outputs.map((p) => Math.ceil(p.width / 32));
    this.inRowWords = this.inWords.reduce((a, b) => a + b, 0);
    this.outRowWords = this.outWords.reduce((a, b) => a + b, 0);
    this.outWidths = outputs.map((p) => p.width);
    this.limits = Float64Array.from(inputs, (p) => (p.width <= 32 ? 2 ** p.width : 0));
    this.singleWordOutputs = outputs.every((p) => p.width <= 32);
    this.bigLimits = inputs.map((p) => 1n << BigInt(p.width));
    this.numberLimits = inputs.map((p) => 2 ** Math.min(p.width, 53));
    this.scratch64 = new BigUint64Array(Math.max(1, ...this.inWords.map((n) => (n + 1) >> 1)));
    this.scratch32 = new Uint32Array(this.scratch64.buffer);
  }

  /**
   * Rows [start, start + n) as words in a buffer this codec reuses: the view is valid until the
   * next call (copy it if it must outlive that, e.g. for an asynchronous write).
   */
  encode(rows: readonly (readonly (bigint | number)[])[], start: number, n: number): Uint32Array {
    const rowWords = this.inRowWords;
    const need = n * rowWords;
    if (this.buffer.length < need) this.buffer = new Uint32Array(Math.max(need, this.buffer.length * 2));
    const words = this.buffer;
    const nIn = this.inputs.length;
    const limits = this.limits;
    let p = 0;
    for (let r = start; r < start + n; r++) {
      const row = rows[r];
      if (row.length !== nIn) throw new SimulationError(`batch row ${r} has ${row.length} values; ${this.top} has ${nIn} inputs`);
      for (let k = 0; k < nIn; k++) {
        const v = row[k];
        // Fast path: a whole number in [0, 2^width) on a port of at most 32 bits (limit 0 for wider ports).
        if (typeof v === 'number' && v >>> 0 === v && v < limits[k]) {
          words[p++] = v;
          continue;
        }
        p = this.encodeSlow(words, p, k, v);
      }
    }
    return words.subarray(0, need);
  }

  /** A value outside the fast path: wider than 32 bits, negative (signed ports) or a bigint; checked against its port. */
  private encodeSlow(words: Uint32Array, p: number, k: number, v: bigint | number): number {
    const n = this.inWords[k];
    if (typeof v === 'number' && n === 2 && v >= 0 && v < this.numberLimits[k] && Number.isInteger(v)) {
      words[p] = v % TWO_32;
      words[p + 1] = Math.floor(v / TWO_32);
      return p + 2;
    }
    let x = typeof v === 'bigint' && v >= 0n && v < this.bigLimits[k] ? v : portValue(this.inputs[k], v);
    if (n === 1) {
      words[p] = Number(x);
      return p + 1;
    }
    // 64 bits per bigint operation: a BigUint64Array store keeps the low 64 bits by itself.
    const s64 = this.scratch64;
    const halves = (n + 1) >> 1;
    for (let q = 0; q < halves; q++) {
      s64[q] = x;
      if (q + 1 < halves) x >>= 64n;
    }
    const s32 = this.scratch32;
    for (let q = 0; q < n; q++) words[p + q] = s32[q];
    return p + n;
  }

  /** Fresh values for `rows` rows of this interface's outputs. */
  values(rows: number): BatchValues {
    return new BatchValues(rows, this.outWidths);
  }

  /** `n` rows of output words into `into`, rows [firstRow, firstRow + n). */
  decode(words: Uint32Array, into: BatchValues, firstRow: number, n: number): void {
    if (words.length < n * this.outRowWords) throw new SimulationError(`binary batch reply of ${words.length} words; expected ${n * this.outRowWords}`);
    const nPorts = this.outWords.length;
    const columns = into.columns;
    if (this.singleWordOutputs) {
      // One word per value: port k of row r is word r * nPorts + k (a column at a time keeps each store site on one array).
      for (let k = 0; k < nPorts; k++) {
        const column = columns[k];
        for (let r = 0, p = k; r < n; r++, p += nPorts) column[firstRow + r] = words[p];
      }
      return;
    }
    const widths = this.outWidths;
    const counts = this.outWords;
    const wideOffset = into.wideOffset;
    const wideRow = into.wideRowWords;
    // Wide values stay words here: BatchValues makes them bigints when they are read.
    const raw = wideRow > 0 ? into.wideWords() : null;
    let p = 0;
    for (let r = 0; r < n; r++) {
      const row = firstRow + r;
      const rawRow = row * wideRow;
      for (let k = 0; k < nPorts; k++) {
        const w = widths[k];
        if (w <= 32) columns[k][row] = words[p];
        else if (w <= 52) columns[k][row] = words[p] + words[p + 1] * TWO_32;
        else for (let q = 0, o = rawRow + wideOffset[k]; q < counts[k]; q++) raw![o + q] = words[p + q];
        p += counts[k];
      }
    }
  }
}
