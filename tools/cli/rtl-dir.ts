// The Verilog files of a directory given with --rtl, and its top module: the
// --top option, else "top" from the directory's manifest.json (a `gen` output).
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from './cli.ts';
import { readBoundedText } from './read-bounded.ts';

export interface RtlDir {
  /** Absolute path. */
  dir: string;
  /** File names (*.v, *.sv), sorted. */
  files: string[];
  top: string;
  /** The manifest's target, when the directory has one. */
  target: string | null;
}

export function readRtlDir(given: string, top: string | undefined): RtlDir {
  const dir = resolve(given);
  if (!existsSync(dir)) throw new UsageError(`--rtl directory '${given}' does not exist`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`--rtl '${given}' is not a directory`);
  const files = readdirSync(dir)
    .filter((f) => /\.s?v$/.test(f) && isVerilogFile(given, dir, f))
    .sort();
  if (files.length === 0) throw new UsageError(`--rtl directory '${given}' has no .v or .sv files`);
  let target: string | null = null;
  let manifestTop: string | undefined;
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    let m: unknown;
    try {
      m = JSON.parse(readBoundedText(manifestPath));
    } catch (err) {
      throw new UsageError(`${join(given, 'manifest.json')}: not valid JSON: ${(err as Error).message}`);
    }
    const rec = (m ?? {}) as Record<string, unknown>;
    if (typeof rec.top === 'string') manifestTop = rec.top;
    if (typeof rec.target === 'string') target = rec.target;
    if (manifestTop === undefined && top === undefined) throw new UsageError(`${join(given, 'manifest.json')} has no "top": pass --top <module>`);
  }
  const chosen = top ?? manifestTop;
  if (chosen === undefined) throw new UsageError(`--rtl directory '${given}' has no manifest.json: pass --top <module>`);
  if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(chosen)) throw new UsageError(`top module '${chosen}' is not a Verilog module name`);
  // A typo in --top (or a stale manifest) is bad input, not a lint failure.
  // The declared names are collected with a fixed pattern: no RegExp is built from user text.
  if (!files.some((f) => declaredModules(readFileSync(join(dir, f), 'utf8')).has(chosen))) {
    throw new UsageError(`top module '${chosen}' is not declared in the Verilog files of '${given}'`);
  }
  return { dir, files, top: chosen, target };
}

/** A regular file (through a symlink too); a symlink to nothing is bad input, named. */
function isVerilogFile(given: string, dir: string, f: string): boolean {
  try {
    return statSync(join(dir, f)).isFile();
  } catch (err) {
    if (lstatSync(join(dir, f)).isSymbolicLink()) throw new UsageError(`--rtl: '${join(given, f)}' is a symlink to nothing (dangling)`);
    throw new UsageError(`--rtl: cannot read '${join(given, f)}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** The module names a Verilog text declares (`module X` / `macromodule X`). */
export function declaredModules(text: string): Set<string> {
  return new Set([...text.matchAll(/\b(?:module|macromodule)\s+([A-Za-z_][A-Za-z0-9_$]*)/g)].map((m) => m[1]!));
}
