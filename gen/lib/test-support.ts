// Test support for gen/lib's tests (not part of the library): elaborated and
// compiled designs cached by a key, and the lint check every block must pass.
import { expect } from 'vitest';
import { elaborate } from '../elaborate.ts';
import type { ModuleDef } from '../dsl/module.ts';
import type { IrDesign, IrModule, IrPort } from '../ir.ts';
import { compileSim, type DslSimulator } from '../sim/compile.ts';
import { emitVerilog } from '../emit/verilog.ts';
import { lintSources } from '../tools/lint-sources.ts';
import type { LintReport } from '../tools/run-lint.ts';

const sims = new Map<string, DslSimulator>();

/** A compiled simulator of `build()`, compiled once per key (reset it before each run). */
export function cachedSim(key: string, build: () => ModuleDef): DslSimulator {
  let sim = sims.get(key);
  if (!sim) {
    sim = compileSim(elaborate(build()));
    sims.set(key, sim);
  }
  return sim;
}

/** The top module of a design. */
export function topOf(design: IrDesign): IrModule {
  return design.modules.find((m) => m.name === design.top)!;
}

/** "dir name width" for each data port (clock and reset left out), for compact expectations. */
export function portSummary(m: IrModule): string[] {
  return m.ports.filter((p: IrPort) => !p.role).map((p) => `${p.dir} ${p.name} ${p.type.width}`);
}

/**
 * Yosys warnings that say nothing is wrong with the design: a one-word
 * memory is mapped to flip-flops.
 */
const BENIGN_YOSYS = [/^Warning: Replacing memory \\\S+ with list of registers/];

/** Emits `def` as Verilog and lints it; fails with every tool message if anything is not clean. */
export async function expectLintClean(def: ModuleDef): Promise<LintReport> {
  const { files, top } = emitVerilog(elaborate(def));
  const report = await lintSources(files, top);
  const messages = report.tools.flatMap((t) => t.messages.map((msg) => `${t.tool}: ${msg}`));
  const details = `${top}:\n${messages.join('\n') || '(no messages)'}`;
  expect(report.tools.map((t) => t.tool).sort(), details).toEqual(['iverilog', 'verilator', 'yosys']);
  for (const t of report.tools) {
    expect(t.ok, `${t.tool} rejected ${details}`).toBe(true);
    expect(t.errors, `${t.tool} errors in ${details}`).toBe(0);
    const warnings = t.tool === 'yosys' ? t.messages.filter((msg) => !BENIGN_YOSYS.some((re) => re.test(msg))) : t.messages;
    expect(warnings, `${t.tool} warnings in ${details}`).toEqual([]);
  }
  expect(report.ok).toBe(true);
  return report;
}
