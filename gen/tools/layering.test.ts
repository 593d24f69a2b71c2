// Every import arrow points down (DESIGN.md): tools/ -> testbench/ -> rtl/ ->
// gen/, emulator/ on its own, workloads/ on emulator/. Issue 12: gen/ and
// testbench/ used to import the process registry and the lint runner from
// tools/; they now live in gen/tools/, below all their users.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from './build-dir.ts';

/** What each top-level folder may import besides itself. */
const ALLOWED: Record<string, string[]> = {
  gen: [],
  rtl: ['gen'],
  testbench: ['gen', 'rtl', 'emulator'],
  emulator: [],
  workloads: ['emulator'],
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

it.each(Object.keys(ALLOWED))('%s/ imports only from the layers below it', (top) => {
  const offending: string[] = [];
  // workloads' tests run the CLI end to end (tools/cli/test-support.ts); its code does not import tools/.
  const files = tsFiles(join(PROJECT_ROOT, top)).filter((f) => top !== 'workloads' || !f.endsWith('.test.ts'));
  expect(files.length).toBeGreaterThan(3);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = relative(PROJECT_ROOT, resolve(dirname(file), m[1]!)).split('/')[0]!;
      if (target !== top && !ALLOWED[top]!.includes(target)) offending.push(`${relative(PROJECT_ROOT, file)} -> ${m[1]}`);
    }
  }
  expect(offending).toEqual([]);
});
