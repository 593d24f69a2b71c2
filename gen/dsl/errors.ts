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

/** Mapped locators by raw (unmapped) call site "file:line:column": each call site is resolved once. */
const resolved = new Map<string, string>();

function rawSites(): NodeJS.CallSite[] {
  const savedPrepare = Error.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  const holder: { stack?: unknown } = {};
  try {
    // Structured call sites: no formatting, no source maps (those cost most of elaboration).
    Error.prepareStackTrace = (_, sites) => sites;
    Error.stackTraceLimit = 30;
    Error.captureStackTrace(holder, userLoc);
    return Array.isArray(holder.stack) ? (holder.stack as NodeJS.CallSite[]) : [];
  } finally {
    Error.prepareStackTrace = savedPrepare;
    Error.stackTraceLimit = savedLimit;
  }
}

/**
 * "file:line" of the first stack frame outside the DSL's own code: the user
 * statement that declared a signal or made a mistake. Paths are relative to
 * the working directory when inside it.
 *
 * Every DSL statement asks for one, so it must be cheap: the raw call site
 * (file, generated line and column, without source maps) keys a cache, and
 * only a call site seen for the first time pays for a source-mapped stack.
 */
export function userLoc(): string {
  for (const site of rawSites()) {
    const name = site.getFileName();
    if (!name) continue;
    const file = name.startsWith('file://') ? fileURLToPath(name) : name;
    if (isInternalFrame(file)) continue;
    const key = `${file}:${site.getLineNumber()}:${site.getColumnNumber()}`;
    let loc = resolved.get(key);
    if (loc === undefined) resolved.set(key, (loc = mappedUserLoc()));
    return loc;
  }
  return mappedUserLoc();
}

/** The same frame through the formatted (source-mapped) stack: the line as the user wrote it. */
function mappedUserLoc(): string {
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
