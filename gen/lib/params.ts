// Parameter checks for the library's generators. A bad parameter is an
// ElaborationError located at the caller's statement (the first stack frame
// outside gen/lib and the DSL), so `Fifo(8, 0)` points at the user's line, not
// at the library's.
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ElaborationError } from '../dsl/errors.ts';
import { MAX_WIDTH } from '../dsl/types.ts';

const GEN_DIR = fileURLToPath(new URL('../', import.meta.url));
const INTERNAL = ['lib', 'dsl', 'passes'].map((d) => `${GEN_DIR}${d}${sep}`);
const FRAME = /\(?((?:file:\/\/)?\/[^():]+|node:[^():]+):(\d+):\d+\)?$/;

/** "file:line" of the first stack frame outside the library and the DSL (tests count as callers). */
export function callerLoc(): string {
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const file = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
    const internal =
      (INTERNAL.some((d) => file.startsWith(d)) && !file.endsWith('.test.ts')) ||
      file.startsWith('node:') ||
      file.includes(`${sep}node_modules${sep}`) ||
      !isAbsolute(file);
    if (internal) continue;
    const rel = relative(process.cwd(), file);
    return `${rel.startsWith('..') ? file : rel}:${m[2]}`;
  }
  return '<unknown>';
}

/** Throws an ElaborationError at the caller's line. */
export function paramError(problem: string): never {
  throw new ElaborationError(problem, callerLoc());
}

/** A whole number in [min, max], or an error naming the generator and the parameter. */
export function checkInt(generator: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    paramError(`${generator}: ${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** A data width: 1..MAX_WIDTH. */
export function checkDataWidth(generator: string, name: string, value: unknown): number {
  return checkInt(generator, name, value, 1, MAX_WIDTH);
}

/** Bits needed to hold the values 0..n-1 (at least 1): the width of an index into n things. */
export function indexWidth(n: number): number {
  return Math.max(1, (n - 1).toString(2).length);
}

/** Bits needed to hold the values 0..n (at least 1): the width of a count of up to n things. */
export function countWidth(n: number): number {
  return Math.max(1, n.toString(2).length);
}
