// How a `neurotile` command declares its options: `defineCommand({ name,
// summary, options: { key: spec }, run })`. Each spec carries its flag, its
// help text, its default and a parser that checks the documented bounds, so
// run() receives typed, validated values and the bounds show in --help. A
// value that fails its parser is bad input: exit 2, one line naming the
// option (main.ts). New commands copy this pattern:
//
//   export const hello = defineCommand({
//     name: 'hello',
//     summary: 'say hello',
//     options: {
//       runs: opt.int('--runs <n>', 'how many times', { min: 1, max: 100, default: 1 }),
//       name: opt.text('--name <who>', 'who to greet'),
//       loud: opt.flag('--loud', 'shout'),
//     },
//     async run(o, ctx) {            // o.runs: number, o.name: string | undefined, o.loud: boolean
//       return { exitCode: 0, json: { n: o.runs }, human: 'hello\n' };
//     },
//   });
//
// --json, -q/--quiet and -h/--help are added by main.ts to every command.
// This module stays cheap to import (no commander, no zod): `--help` must be fast.
import type { CommandContext, CommandResult } from './cli.ts';

/** The longest time Node's timers can wait (2^31 - 1 ms): a longer setTimeout fires after 1 ms. */
export const MAX_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

export interface OptionSpec<T> {
  /** Commander flags: '--runs <n>' (takes a value) or '--quick' (a switch). */
  flags: string;
  help: string;
  /** The value run() gets when the option is not given. */
  default?: T;
  /** Turns the text into the value; throws OptionError (message names the flag) when it is out of bounds. */
  parse?: (text: string) => T;
  /** Allowed values, listed in --help (the parser checks them). */
  choices?: readonly string[];
}

/** A value that fails its option's parser: main.ts prints the message as the one line (exit 2). */
export class OptionError extends Error {
  override name = 'OptionError';
}

type ValueOf<S> = S extends OptionSpec<infer T> ? (S extends { default: unknown } ? T : T | undefined) : never;
export type OptionValues<O extends Record<string, OptionSpec<unknown>>> = { [K in keyof O]: ValueOf<O[K]> };

export interface CommandDef<O extends Record<string, OptionSpec<unknown>>> {
  name: string;
  summary: string;
  options: O;
  /** Extra lines shown after the options in `<command> --help`. */
  helpText?: string;
  /** Checks that need several options together throw UsageError; the check's verdict is the exit code. */
  run(opts: OptionValues<O>, ctx: CommandContext): Promise<CommandResult>;
}

/** What main.ts needs of a command (the option types are erased). */
export interface CommandModule {
  name: string;
  summary: string;
  options?: Record<string, OptionSpec<unknown>>;
  helpText?: string;
  /** Legacy: adds commander options by hand (prefer `options`; kept so older command modules still load). */
  configure?(cmd: import('commander').Command): void;
  run(opts: Record<string, unknown>, ctx: CommandContext): Promise<CommandResult>;
}

/** The attribute commander stores '--t-s <x>' under ('tS'): the key of the options object must be this. */
export function attributeName(flags: string): string {
  const long = flags.split(/[ ,|]+/).find((f) => f.startsWith('--'));
  if (!long) throw new Error(`option '${flags}' has no long flag`);
  return long.slice(2).replace(/^no-/, '').replace(/-([a-z0-9])/gi, (_m, c: string) => c.toUpperCase());
}

export function defineCommand<O extends Record<string, OptionSpec<unknown>>>(def: CommandDef<O>): CommandModule {
  for (const [key, spec] of Object.entries(def.options)) {
    // A mismatch would silently give run() undefined: catch it when the module loads.
    if (attributeName(spec.flags) !== key) throw new Error(`${def.name}: option key '${key}' does not match its flag '${spec.flags}' (use '${attributeName(spec.flags)}')`);
    if (['json', 'quiet', 'help'].includes(key)) throw new Error(`${def.name}: --${key} is added to every command by main.ts`);
  }
  return def as unknown as CommandModule;
}

const flagOf = (flags: string) => flags.split(/[ ,|]+/).find((f) => f.startsWith('--')) ?? flags;
const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}...` : text);
/** The value as given: bare when it is one plain word, quoted when empty or with spaces. */
const given = (text: string) => (/^[^\s'"]+$/.test(text) ? shown(text) : `'${shown(text)}'`);

/** The option specs: each one a flag, help with its bounds, a default, and a parser. */
export const opt = {
  /** A switch (no value): false unless given. */
  flag(flags: string, help: string): OptionSpec<boolean> {
    return { flags, help, default: false };
  },

  /** A whole number from min to max (both inclusive), written in decimal. */
  int<D extends number | undefined = undefined>(flags: string, help: string, b: { min: number; max: number; default?: D }) {
    const flag = flagOf(flags);
    const spec: OptionSpec<number> = {
      flags,
      help: `${help} (${b.min}..${b.max}${b.default !== undefined ? `, default ${b.default}` : ''})`,
      parse(text) {
        // Decimal digits only: '1e3', '0x10', ' 5', '' are refused rather than guessed at.
        const n = /^-?\d{1,16}$/.test(text) ? Number(text) : NaN;
        if (!Number.isSafeInteger(n) || n < b.min || n > b.max) throw new OptionError(`${flag}: must be a whole number from ${b.min} to ${b.max}, got ${given(text)}`);
        return n;
      },
    };
    if (b.default !== undefined) spec.default = b.default;
    return spec as D extends number ? OptionSpec<number> & { default: number } : OptionSpec<number>;
  },

  /** A finite decimal number in [min, max] (or (min, max] with minExclusive). */
  number<D extends number | undefined = undefined>(flags: string, help: string, b: { min: number; max: number; minExclusive?: boolean; default?: D; unit?: string }) {
    const flag = flagOf(flags);
    const range = `${b.minExclusive ? '>' : ''}${b.min}..${b.max}${b.unit ? ` ${b.unit}` : ''}`;
    const spec: OptionSpec<number> = {
      flags,
      help: `${help} (${range}${b.default !== undefined ? `, default ${b.default}` : ''})`,
      parse(text) {
        const x = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : NaN;
        const ok = Number.isFinite(x) && (b.minExclusive ? x > b.min : x >= b.min) && x <= b.max;
        if (!ok) throw new OptionError(`${flag}: must be a number ${b.minExclusive ? `above ${b.min} and up` : `from ${b.min}`} to ${b.max}${b.unit ? ` ${b.unit}` : ''}, got ${given(text)}`);
        return x;
      },
    };
    if (b.default !== undefined) spec.default = b.default;
    return spec as D extends number ? OptionSpec<number> & { default: number } : OptionSpec<number>;
  },

  /** A time limit in seconds, above 0 and within Node's timer limit. */
  seconds<D extends number | undefined = undefined>(flags: string, help: string, b: { default?: D; max?: number } = {}) {
    return opt.number(flags, help, { min: 0, minExclusive: true, max: Math.min(b.max ?? MAX_TIMEOUT_S, MAX_TIMEOUT_S), default: b.default, unit: 's' });
  },

  /** One of a fixed list of words. */
  choice<C extends string, D extends C | undefined = undefined>(flags: string, help: string, choices: readonly C[], def?: D) {
    const flag = flagOf(flags);
    const spec: OptionSpec<C> = {
      flags,
      help: `${help}: ${choices.join(', ')}${def !== undefined ? ` (default ${def})` : ''}`,
      choices,
      parse(text) {
        if (!(choices as readonly string[]).includes(text)) throw new OptionError(`${flag}: unknown value '${shown(text)}' (known: ${choices.join(', ')})`);
        return text as C;
      },
    };
    if (def !== undefined) spec.default = def;
    return spec as D extends C ? OptionSpec<C> & { default: C } : OptionSpec<C>;
  },

  /**
   * Free text (a name, a file or directory path, a token): not empty, at most
   * maxLength characters, and not starting with '-' (`gen --out --json` must
   * not write into a folder called '--json'; write ./-name for such a file).
   */
  text<D extends string | undefined = undefined>(flags: string, help: string, b: { default?: D; maxLength?: number; pattern?: RegExp; what?: string } = {}) {
    const flag = flagOf(flags);
    const max = b.maxLength ?? 4096;
    const spec: OptionSpec<string> = {
      flags,
      help: b.default !== undefined ? `${help} (default ${b.default})` : help,
      parse(text) {
        if (text === '') throw new OptionError(`${flag}: the value is empty`);
        if (text.startsWith('-')) throw new OptionError(`${flag}: expects a value, got the option-like '${shown(text)}' (for a name starting with '-' write ./${shown(text)})`);
        if (text.length > max) throw new OptionError(`${flag}: longer than ${max} characters`);
        if (text.includes('\0')) throw new OptionError(`${flag}: contains a NUL character`);
        if (b.pattern && !b.pattern.test(text)) throw new OptionError(`${flag}: '${shown(text)}' is not ${b.what ?? `of the form ${b.pattern}`}`);
        return text;
      },
    };
    if (b.default !== undefined) spec.default = b.default;
    return spec as D extends string ? OptionSpec<string> & { default: string } : OptionSpec<string>;
  },
};
