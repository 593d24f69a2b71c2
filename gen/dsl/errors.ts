// Elaboration errors name the problem and the user's source line that caused it.
import { relative, isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** An error in the user's design, found while elaborating it. */
export class ElaborationError extends Error {
  constructor(
    readonly problem: string,
    readonly loc: string,
  ) {
    super(loc ? `${loc}: ${problem}` : problem);
    this.name = 'ElaborationError';
  }
}

const DSL_DIR = fileURLToPath(new URL('.', import.meta.url));
const PASSES_DIR = fileURLToPath(new URL('../passes/', import.meta.url));

function isInternalFrame(file: string): boolean {
  const dslCode = (file.startsWith(DSL_DIR) || file.startsWith(PASSES_DIR)) && !file.endsWith('.test.ts');
  return (
    dslCode ||
    file.startsWith('node:') ||
    file.includes(`${sep}node_modules${sep}`) ||
    !isAbsolute(file)
  );
}

const FRAME = /\(?((?:file:\/\/)?\/[^():]+|node:[^():]+):(\d+):\d+\)?$/;

/**
 * "file:line" of the first stack frame outside the DSL's own code: the user
 * statement that declared a signal or made a mistake. Paths are relative to
 * the working directory when inside it.
 */
export function userLoc(): string {
  const stack = new Error().stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const file = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
    if (isInternalFrame(file)) continue;
    const rel = relative(process.cwd(), file);
    return `${rel.startsWith('..') ? file : rel}:${m[2]}`;
  }
  return '<unknown>';
}

/** Throw an ElaborationError located at the user's current statement. */
export function fail(problem: string, loc: string = userLoc()): never {
  throw new ElaborationError(problem, loc);
}
