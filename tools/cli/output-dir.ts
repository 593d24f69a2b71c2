// Replacing an output directory as a whole: the files are written into a
// temporary directory next to it (same file system), the manifest last, and
// only then renamed into place. An error or an interrupt leaves the previous
// contents (or nothing) behind, never a half-written directory.
//
// Only a directory neurotile wrote itself is replaced: its manifest.json is
// one of ours (generator "neurotile ...", files, contentHash) and the
// directory holds nothing but the files that manifest lists. Anything else,
// the user's own files included, is refused.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './cli.ts';
import { readBoundedText } from './read-bounded.ts';
import { registerCleanup } from '../../gen/tools/process-registry.ts';

export interface OutputFile {
  /** A plain file name (no directories). */
  path: string;
  text: string;
}

/** The marker of a directory this tool may replace. */
export const MANIFEST = 'manifest.json';

/** File systems whose "directories" are the kernel's: a recursive mkdir there never ends. */
const PSEUDO_FS = ['/proc', '/sys', '/dev'];

/** Seams for the tests: a write or rename that fails in the middle of the replacement. */
export interface ReplaceIo {
  writeFile(path: string, text: string): void;
  rename(from: string, to: string): void;
}
const REAL_IO: ReplaceIo = { writeFile: (p, t) => writeFileSync(p, t), rename: (a, b) => renameSync(a, b) };

/**
 * Writes `files` and then `manifest` (as manifest.json) to `out`, replacing
 * it. Refuses (UsageError) to replace anything but an empty directory or a
 * previous neurotile output. An `out` that is a symlink keeps being one: the
 * directory it points to is replaced.
 */
export function replaceDir(out: string, files: readonly OutputFile[], manifestText: string, io: ReplaceIo = REAL_IO): void {
  for (const f of files) {
    if (basename(f.path) !== f.path || f.path === MANIFEST || f.path.startsWith('.')) throw new Error(`refusing to write file name '${f.path}'`);
  }
  const target = realTarget(out);
  checkReplaceable(out, target);
  const parent = dirname(target);
  makeParents(out, parent);
  let tmp: string;
  try {
    tmp = mkdtempSync(join(parent, `.${basename(target).slice(0, 200)}.tmp-`));
  } catch (err) {
    throw new UsageError(`--out: cannot create a directory in '${parent}': ${describeFsError(err)}`);
  }
  let old: string | undefined;
  // A signal (SIGINT/SIGTERM) between here and the end removes the half-built folder.
  const unregister = registerCleanup(() => rmSync(tmp, { recursive: true, force: true }));
  const cleanup = () => {
    rmSync(tmp, { recursive: true, force: true });
    // Failed between the two renames: put the previous output back.
    if (old && existsSync(old) && !existsSync(target)) renameSync(old, target);
    if (old) rmSync(old, { recursive: true, force: true });
    unregister();
  };
  try {
    try {
      for (const f of files) io.writeFile(join(tmp, f.path), f.text);
      io.writeFile(join(tmp, MANIFEST), manifestText);
      if (existsSync(target)) {
        old = join(parent, `.${basename(target).slice(0, 200)}.old-${basename(tmp).slice(-6)}`);
        io.rename(target, old);
      }
      io.rename(tmp, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code) throw new UsageError(`--out: cannot write '${out}': ${describeFsError(err)}`);
      throw err;
    }
  } finally {
    cleanup();
  }
}

/** Where the output really goes: through a symlink at `out` to the directory it names. */
function realTarget(out: string): string {
  const target = resolve(out);
  let st;
  try {
    st = lstatSync(target);
  } catch {
    return target;
  }
  if (!st.isSymbolicLink()) return target;
  try {
    return realpathSync(target);
  } catch {
    throw new UsageError(`--out '${out}' is a symlink to nothing (dangling)`);
  }
}

/** Creates the missing parents one level at a time, refusing the kernel's pseudo file systems. */
function makeParents(out: string, parent: string): void {
  const missing: string[] = [];
  let d = parent;
  while (!existsSync(d)) {
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  let real: string;
  try {
    real = realpathSync(d);
  } catch (err) {
    throw new UsageError(`--out: cannot use '${d}': ${describeFsError(err)}`);
  }
  if (PSEUDO_FS.some((p) => real === p || real.startsWith(`${p}/`)) && !real.startsWith('/dev/shm')) {
    throw new UsageError(`--out '${out}' is on the kernel's pseudo file system ${PSEUDO_FS.find((p) => real === p || real.startsWith(`${p}/`))}: choose a real directory`);
  }
  if (!statSync(real).isDirectory()) throw new UsageError(`--out: '${d}' is not a directory`);
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (err) {
      throw new UsageError(`--out: cannot create '${m}': ${describeFsError(err)}`);
    }
  }
}

function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENAMETOOLONG: 'the name is too long',
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    ENOTDIR: 'a part of the path is not a directory',
    EEXIST: 'it exists',
    ENOENT: 'no such file or directory',
  };
  return e.code ? `${why[e.code] ?? e.code} (${e.code})` : String(e.message ?? err);
}

/** Whether `dir` is a previous neurotile output: its manifest is ours and lists every file there. */
export function isOwnOutput(dir: string, entries: readonly string[]): boolean {
  if (!entries.includes(MANIFEST)) return false;
  let m: unknown;
  try {
    m = JSON.parse(readBoundedText(join(dir, MANIFEST)));
  } catch {
    return false;
  }
  const rec = (m ?? {}) as Record<string, unknown>;
  if (typeof rec.generator !== 'string' || !rec.generator.startsWith('neurotile ')) return false;
  if (typeof rec.contentHash !== 'string' || !/^[0-9a-f]{64}$/.test(rec.contentHash)) return false;
  if (!Array.isArray(rec.files) || !rec.files.every((f) => typeof f === 'string')) return false;
  const listed = new Set<string>([...(rec.files as string[]), MANIFEST]);
  return entries.every((e) => listed.has(e));
}

function checkReplaceable(out: string, target: string): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new UsageError(`--out '${out}' exists and is not a directory`);
  const entries = readdirSync(target);
  if (entries.length === 0) return;
  if (!entries.includes(MANIFEST)) {
    throw new UsageError(`refusing to replace '${out}': it is not empty and has no ${MANIFEST} (not a neurotile gen output)`);
  }
  if (!isOwnOutput(target, entries)) {
    throw new UsageError(`refusing to replace '${out}': its ${MANIFEST} is not a neurotile gen manifest, or the folder holds files it does not list`);
  }
}
