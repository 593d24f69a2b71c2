// What every `neurotile` command shares: the exit-code contract, the error
// that means "bad input", and the shape a command module has.
//
// A command never writes its result itself: it returns a CommandResult and
// main.ts prints either its JSON (exactly one object on stdout, with --json)
// or its human text. Progress goes to stderr through ctx.progress.

export const EXIT = {
  /** The command did what it was asked and the check it ran passed. */
  ok: 0,
  /** The check the command ran failed (lint warnings/errors, a co-simulation mismatch, ...). */
  checkFailed: 1,
  /** Bad input: unknown target/option/command, invalid config, missing directory, an elaboration error. */
  badInput: 2,
  /** A bug in neurotile itself (an unexpected exception). */
  internal: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad input: main.ts prints `neurotile: <message>` as one line on stderr and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CommandResult {
  /** 0: success, 1: the check failed. (Bad input is a thrown UsageError.) */
  exitCode: 0 | 1;
  /** Printed as the one JSON object on stdout with --json. */
  json: Record<string, unknown>;
  /** Printed on stdout without --json (may be empty). */
  human: string;
}

export interface CommandContext {
  /** --json was given: stdout is reserved for the result object. */
  json: boolean;
  /** One line of progress for humans, on stderr (suppressed by --quiet). */
  progress(line: string): void;
  /** The repository root (where package.json is). */
  root: string;
  /** "neurotile <version>". */
  generator: string;
}

/** One `neurotile` subcommand: see defineCommand in options.ts. */
export type { CommandModule } from './options.ts';

/** JSON.stringify that writes bigints (e.g. IR parameters) as decimal strings. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), indent);
}
