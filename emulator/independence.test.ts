// The emulator is an independent implementation of docs/tile-spec.md: no
// file under emulator/ may import from rtl/, gen/, testbench/ or tools/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const EMULATOR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(EMULATOR, '..');
const FORBIDDEN = ['rtl', 'gen', 'testbench', 'tools'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

it('emulator/ imports nothing from rtl/, gen/, testbench/ or tools/', () => {
  const files = tsFiles(EMULATOR);
  expect(files.length).toBeGreaterThan(10);
  const offending: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = relative(ROOT, resolve(dirname(file), m[1]));
      if (FORBIDDEN.some((top) => target === top || target.startsWith(`${top}/`))) offending.push(`${relative(ROOT, file)} -> ${m[1]}`);
    }
  }
  expect(offending).toEqual([]);
});
