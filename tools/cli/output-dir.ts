// Replacing an output directory as a whole: the files are written into a
// temporary directory next to it (same file system), the manifest last, and
// only then renamed into place. An error or an interrupt leaves the previous
// contents (or nothing) behind, never a half-written directory.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './cli.ts';

export interface OutputFile {
  /** A plain file name (no directories). */
  path: string;
  text: string;
}

/** The marker of a directory this tool may replace. */
export const MANIFEST = 'manifest.json';

/**
 * Writes `files` and then `manifest` (as manifest.json) to `out`, replacing
 * it. Refuses (UsageError) to replace anything that is not a directory
 * holding a manifest.json or an empty directory, so a mistyped --out cannot
 * wipe unrelated files.
 */
export function replaceDir(out: string, files: readonly OutputFile[], manifestText: string): void {
  const target = resolve(out);
  checkReplaceable(out, target);
  for (const f of files) {
    if (basename(f.path) !== f.path || f.path === MANIFEST || f.path.startsWith('.')) throw new Error(`refusing to write file name '${f.path}'`);
  }
  const parent = dirname(target);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw new UsageError(`cannot create '${parent}': ${(err as Error).message}`);
  }
  const tmp = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
  let old: string | undefined;
  const cleanup = () => {
    rmSync(tmp, { recursive: true, force: true });
    // Interrupted between the two renames: put the previous output back.
    if (old && existsSync(old) && !existsSync(target)) renameSync(old, target);
    if (old) rmSync(old, { recursive: true, force: true });
  };
  // All of this is synchronous: no signal handler or other code runs in
  // between, so only a hard kill could leave the temporary sibling behind
  // (never a partial `out`).
  try {
    for (const f of files) writeFileSync(join(tmp, f.path), f.text);
    writeFileSync(join(tmp, MANIFEST), manifestText);
    if (existsSync(target)) {
      old = join(parent, `.${basename(target)}.old-${basename(tmp).slice(-6)}`);
      renameSync(target, old);
    }
    renameSync(tmp, target);
  } finally {
    cleanup();
  }
}

function checkReplaceable(out: string, target: string): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new UsageError(`--out '${out}' exists and is not a directory`);
  const entries = readdirSync(target);
  if (entries.length > 0 && !entries.includes(MANIFEST)) {
    throw new UsageError(`refusing to replace '${out}': it is not empty and has no ${MANIFEST} (not a neurotile gen output)`);
  }
}
