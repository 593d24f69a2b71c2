// Lint Verilog held in memory (e.g. emitVerilog's files): written to a fresh
// temporary directory, checked with runLint, removed again.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { registerCleanup } from './process-registry.ts';
import { runLint, type LintOptions, type LintReport } from './run-lint.ts';

export interface VerilogSource {
  /** File name; only its last component is used. */
  path: string;
  text: string;
}

export async function lintSources(
  sources: VerilogSource[],
  top: string,
  options: Omit<LintOptions, 'dir' | 'files' | 'top'> = {},
): Promise<LintReport> {
  const dir = mkdtempSync(join(tmpdir(), 'neurotile-lint-'));
  const unregister = registerCleanup(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const files = sources.map((s) => {
      const name = basename(s.path);
      writeFileSync(join(dir, name), s.text);
      return name;
    });
    return await runLint({ ...options, dir, files, top });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    unregister();
  }
}
