// The DSL's example designs (gen/examples) through the emitter and the real
// tools: what the builder actually produces must be warning-free too.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../elaborate.ts';
import { EXAMPLES } from '../examples/index.ts';
import { emitVerilog } from './verilog.ts';
import { lintSources } from '../tools/lint-sources.ts';

describe('example designs', () => {
  for (const [name, make] of Object.entries(EXAMPLES)) {
    it(`${name}: Verilator -Wall, Icarus and Yosys without a warning`, async () => {
      const out = emitVerilog(elaborate(make()));
      expect(emitVerilog(elaborate(make()))).toEqual(out);
      const report = await lintSources(out.files, out.top);
      expect(report.tools.map((t) => [t.tool, t.warnings, t.messages])).toEqual([
        ['verilator', 0, []],
        ['iverilog', 0, []],
        ['yosys', 0, []],
      ]);
    });
  }
});
