// A simulator model that does not build (outside RTL with a syntax error or
// other ports, a missing module): one line that says which port or which
// line is wrong, and the tool's whole log in a file under build/logs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_DIR } from '../gen/tools/build-dir.ts';
import { CheckFailed, firstErrorLine } from '../gen/tools/errors.ts';

/** What went wrong, from the tool's log: a port the harness needs, a missing module, else the first error line. */
export function describeBuildFailure(top: string, log: string): string {
  // g++ quotes with ‘ ’ in a UTF-8 locale and ' ' in C.
  const noMember = /has no member named [‘']([^’']+)[’']/.exec(log);
  if (noMember) return `the RTL top '${top}' has no port '${noMember[1]}' that the target's interface needs`;
  const notPort = /port ``?([A-Za-z_][A-Za-z0-9_$]*)'' is not a port of/.exec(log);
  if (notPort) return `the RTL top '${top}' has no port '${notPort[1]}' that the target's interface needs`;
  const noModule = /Cannot find file containing module: '([^']+)'|Unknown module type: ([A-Za-z_][A-Za-z0-9_$]*)/.exec(log);
  if (noModule) return `module '${noModule[1] ?? noModule[2]}' is not defined in the RTL`;
  return firstErrorLine(log) ?? `the build failed: ${log.trim().split('\n').pop()?.slice(0, 200) ?? 'no output'}`;
}

export function modelBuildFailed(backend: string, top: string, hash: string, status: number | null, log: string, timedOut = false): CheckFailed {
  const dir = join(BUILD_DIR, 'logs');
  const file = join(dir, `${backend}-build-${top.slice(0, 80)}-${hash}.log`);
  let saved: string | undefined;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, log);
    saved = file;
  } catch {
    /* the one line still says what is wrong */
  }
  const what = timedOut ? 'timed out' : describeBuildFailure(top, log);
  return new CheckFailed(`${backend} build of ${top} failed (status ${status}): ${what}${saved ? ` (log: ${saved})` : ''}`, saved);
}
