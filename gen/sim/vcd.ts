// Value Change Dump writer (IEEE 1364-2005, section 18), readable by GTKWave.
// Generic over signals: the caller describes a scope tree whose variables
// point at signal indices, then hands in every signal's value at each sample
// time; only values that changed since the previous sample are written.
// Variables that share a signal index (aliases, such as an instance's clock)
// share one identifier code, as the format allows.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface VcdVar {
  /** Name inside its scope. */
  name: string;
  signal: number;
  width: number;
  kind: 'wire' | 'reg';
}

export interface VcdScope {
  name: string;
  vars: VcdVar[];
  scopes: VcdScope[];
}

export interface VcdOptions {
  /** Write to this file (flushed as the dump grows and on close); otherwise keep the text in memory. */
  path?: string;
  /** Default "1ns". */
  timescale?: string;
  version?: string;
}

const FLUSH_CHARS = 1 << 20;

/** Identifier codes: printable ASCII 33..126, shortest first ("!", "\"", ..., "~", "!!", ...). */
export function vcdIdCode(n: number): string {
  let code = '';
  do {
    code += String.fromCharCode(33 + (n % 94));
    n = Math.floor(n / 94);
  } while (n > 0);
  return code;
}

export class VcdWriter {
  private readonly codes = new Map<number, string>(); // signal -> identifier code
  private readonly widths = new Map<number, number>();
  private readonly watched: number[]; // signals in code order
  private prev: (number | bigint | undefined)[] = [];
  private lastTime = -1;
  private started = false;
  private closed = false;
  private chunks: string[] = [];
  private pending = 0;
  private readonly fd: number | null;

  constructor(root: VcdScope, options: VcdOptions = {}) {
    const header: string[] = [];
    header.push(`$version ${options.version ?? 'neurotile DSL simulator'} $end`);
    header.push(`$timescale ${options.timescale ?? '1ns'} $end`);
    const visit = (scope: VcdScope) => {
      header.push(`$scope module ${scope.name} $end`);
      for (const v of scope.vars) {
        let code = this.codes.get(v.signal);
        if (code === undefined) {
          code = vcdIdCode(this.codes.size);
          this.codes.set(v.signal, code);
          this.widths.set(v.signal, v.width);
        }
        const range = v.width > 1 ? ` [${v.width - 1}:0]` : '';
        header.push(`$var ${v.kind} ${v.width} ${code} ${v.name}${range} $end`);
      }
      scope.scopes.forEach(visit);
      header.push('$upscope $end');
    };
    visit(root);
    header.push('$enddefinitions $end');
    this.watched = [...this.codes.keys()];
    this.fd = options.path ? openFile(options.path) : null;
    this.write(header.join('\n') + '\n');
  }

  /** Records the values at `time` (non-decreasing); `values[signal]` is the bit pattern of each signal. */
  sample(time: number, values: ArrayLike<number | bigint>): void {
    if (this.closed) return;
    if (time < this.lastTime) throw new Error(`VCD time went backwards: ${time} after ${this.lastTime}`);
    const lines: string[] = [];
    for (const s of this.watched) {
      const v = values[s];
      if (this.started && this.prev[s] === v) continue;
      this.prev[s] = v;
      const code = this.codes.get(s)!;
      lines.push(this.widths.get(s) === 1 ? `${v}${code}` : `b${v.toString(2)} ${code}`);
    }
    if (!this.started) {
      this.write(`#${time}\n$dumpvars\n${lines.join('\n')}\n$end\n`);
      this.started = true;
    } else if (lines.length) {
      this.write(`#${time}\n${lines.join('\n')}\n`);
    }
    this.lastTime = time;
  }

  /** The dump so far (only when not writing to a file). */
  text(): string {
    if (this.fd !== null) throw new Error('this VCD is written to a file, not kept in memory');
    return this.chunks.join('');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fd !== null) {
      this.flush();
      closeSync(this.fd);
    }
  }

  private write(s: string): void {
    this.chunks.push(s);
    this.pending += s.length;
    if (this.fd !== null && this.pending >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.fd === null) return;
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.pending = 0;
  }
}

function openFile(path: string): number {
  mkdirSync(dirname(path), { recursive: true });
  return openSync(path, 'w');
}
