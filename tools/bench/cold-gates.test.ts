// A long DSL run of the tile regenerates its code once, gating the blocks its own profile
// found cold (gen/sim/cold-gates.ts), and carries its state over: every output in every cycle
// equals that of a simulator that never gates, and so does every signal at the end. The bench
// stimulus is used because it is what the gates were measured under (docs/bench.md).
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../gen/index.ts';
import { compileSim, type DslSimulator } from '../../gen/sim/compile.ts';
import { MIN_FULL_CYCLES } from '../../gen/sim/cold-gates.ts';
import { Tile } from '../../rtl/tile/tile.ts';
import { tileSuite } from '../../testbench/suites/tile.ts';
import { topInterface } from '../../testbench/ports.ts';
import { randomRows } from './stimulus.ts';

const CHUNK = 10_000;
// The tile has no output wider than 52 bits: every output is compared in its column.

describe('cold gates on a long tile run', () => {
  it('regenerates with gates once and keeps every output and signal equal to the ungated simulator', () => {
    const { hereX: _x, hereY: _y, ...params } = tileSuite.defaultConfig;
    const design = elaborate(Tile(params));
    const iface = topInterface(design.modules.find((m) => m.name === design.top)!);
    const inputs = iface.ports.filter((p) => p.dir === 'input');
    const outputs = iface.ports.filter((p) => p.dir === 'output');
    const widths = outputs.map((p) => p.width);
    expect(widths.every((w) => w <= 52), 'an output wider than 52 bits would go uncompared').toBe(true);
    // Long enough for the profile to ask for gates (MIN_FULL_CYCLES of full evaluation, checked every 16k cycles) and to run well after.
    const cycles = MIN_FULL_CYCLES + 80_000;
    const rows = randomRows(iface, cycles, 5);
    const plain = compileSim(design, { coldBlocks: 'none' });
    const gated = compileSim(design);
    const index = (sim: DslSimulator, names: string[]) => {
      const byName = new Map(sim.signals().map((s) => [s.name, s.index]));
      return names.map((n) => byName.get(n)!);
    };
    const run = (sim: DslSimulator, part: (number | bigint)[][]) => {
      const columns = outputs.map(() => new Float64Array(part.length));
      const wide: (bigint | undefined)[] = new Array(part.length * widths.filter((w) => w > 52).length);
      sim.runRows(part, index(sim, inputs.map((p) => p.name)), index(sim, outputs.map((p) => p.name)), widths, columns, wide);
      return { columns, wide };
    };
    // The gated simulator takes the whole run as one batch (as the bench's warm-up does): it regenerates inside it.
    const b = run(gated, rows);
    for (let at = 0; at < cycles; at += CHUNK) {
      const a = run(plain, rows.slice(at, at + CHUNK));
      outputs.forEach((p, k) => {
        const row = a.columns[k]!.findIndex((v, r) => v !== b.columns[k]![at + r]);
        expect(row, `output ${p.name} differs at cycle ${at + row}`).toBe(-1);
      });
    }
    expect(plain.gatedBlocks).toBe(0);
    expect(gated.gatedBlocks, 'the tile has cold blocks under this stimulus: the run must have gated some').toBeGreaterThan(0);
    // Stepped on without inputs: the same state.
    plain.step(3000);
    gated.step(3000);
    for (const s of plain.signals()) expect(gated.peekIndex(s.index), s.name).toBe(plain.peekIndex(s.index));
    expect(gated.source).not.toBe(plain.source);
  }, 120_000);
});
