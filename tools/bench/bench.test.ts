// `bench --quick` end to end on the real backends (Verilator and Icarus must
// be installed): every figure present and positive, the backends' outputs
// agree, and the chip inference matches the emulator cycle for cycle. The
// figures themselves are never asserted (the machine is shared). It is also
// what `neurotile report` runs by default for its bench part: the report's
// schema takes it and its bench chart is drawn from it (report.test.ts runs
// the report's bench part on two designs only).
import { describe, expect, it } from 'vitest';
import { benchPassed, formatBench, runBench } from './run-bench.ts';
import { benchSchema, emptyData } from '../report/inputs.ts';
import { renderCharts } from '../report/run-report.ts';

describe('neurotile bench --quick', () => {
  it('measures every design on every backend and checks that their outputs agree', async () => {
    const r = await runBench({ quick: true });
    expect(benchPassed(r), formatBench(r)).toBe(true);
    const designs = new Set(r.throughput.map((f) => f.design));
    expect(designs.size).toBe(6);
    for (const d of designs) {
      const backends = r.throughput.filter((f) => f.design === d).map((f) => f.backend).sort();
      expect(backends).toEqual(['dsl', 'icarus', 'verilator', 'verilator-inproc', 'verilator-text']);
    }
    for (const f of r.throughput) {
      expect(f.cyclesPerSecond.median).toBeGreaterThan(0);
      expect(f.cyclesPerSecond.min).toBeLessThanOrEqual(f.cyclesPerSecond.median);
      expect(f.cyclesPerSecond.max).toBeGreaterThanOrEqual(f.cyclesPerSecond.median);
      expect(f.cyclesPerSecond.samples).toHaveLength(f.repetitions);
    }
    // Each DSL ratio carries the repetitions' ratios behind its median.
    for (const x of r.ratios) {
      expect(x.dslOverVerilatorPairs?.median).toBe(x.dslOverVerilator);
      expect(x.dslOverVerilatorInprocPairs?.samples).toHaveLength(r.throughput.find((f) => f.design === x.design && f.backend === 'dsl')!.repetitions);
    }
    for (const a of r.agreement) expect(a.compared).toEqual(expect.arrayContaining(['dsl', 'verilator', 'verilator-inproc', 'icarus']));
    // The full bench (no --designs/--backends subset) has every part.
    expect(r.chipInference && r.verilatorBuild && r.elaboration && r.sampler).toBeTruthy();
    const c = r.chipInference!;
    expect(c.outputsAgree && c.countersAgree).toBe(true);
    // RUN_CYCLES read back from the chip is a whole run: T timesteps of at least adcShare * rows cycles each.
    for (const n of c.runCycles) expect(n).toBeGreaterThan(c.timesteps * 4 * 16);
    expect(r.elaboration!.map((e) => e.irNodes).every((n) => n > 1000)).toBe(true);
    // The report's default bench part: this JSON passes its schema, and its chart shows every design and backend.
    const chart = (await renderCharts({ ...emptyData(), bench: benchSchema.parse(r) })).find((c) => c.id === 'bench')!;
    expect(chart.svg, chart.missing).toBeTruthy();
    for (const f of r.throughput) expect(chart.svg).toContain(`${f.design}: ${f.backend}`);
  }, 1_800_000);
});
