// Exit 0 when node_modules matches package-lock.json, 1 when it is missing or
// stale (scripts/setup.sh then runs `npm ci`). Compares the lockfile with the
// one npm keeps of what it installed (node_modules/.package-lock.json),
// package by package: content, not timestamps.
import { readFileSync } from 'node:fs';

const read = (f) => {
  try {
    return JSON.parse(readFileSync(f, 'utf8')).packages ?? {};
  } catch {
    return undefined;
  }
};
const wanted = read('package-lock.json');
const installed = read('node_modules/.package-lock.json');
if (!wanted || !installed) process.exit(1);
for (const [path, entry] of Object.entries(wanted)) {
  if (path === '' || !path.startsWith('node_modules/')) continue;
  const have = installed[path];
  // Optional packages for other platforms (esbuild's, rolldown's) are never installed.
  if (!have) {
    if (entry.optional) continue;
    process.exit(1);
  }
  if (have.version !== entry.version) process.exit(1);
}
for (const path of Object.keys(installed)) {
  if (path.startsWith('node_modules/') && !wanted[path]) process.exit(1);
}
process.exit(0);
