// `bench --quick` end to end on the real backends (Verilator and Icarus must
// be installed): every figure present and positive, the backends' outputs
// agree, and the chip inference matches the emulator cycle for cycle. The
// figures themselves are never asserted (the machine is shared).
import { describe, expect, it } from 'vitest';
import { benchPassed, formatBench, runBench } from './run-bench.ts';

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
    for (const a of r.agreement) expect(a.compared).toEqual(expect.arrayContaining(['dsl', 'verilator', 'verilator-inproc', 'icarus']));
    // The full bench (no --designs/--backends subset) has every part.
    expect(r.chipInference && r.verilatorBuild && r.elaboration && r.sampler).toBeTruthy();
    const c = r.chipInference!;
    expect(c.outputsAgree && c.countersAgree).toBe(true);
    // RUN_CYCLES read back from the chip is a whole run: T timesteps of at least adcShare * rows cycles each.
    for (const n of c.runCycles) expect(n).toBeGreaterThan(c.timesteps * 4 * 16);
    expect(r.elaboration!.map((e) => e.irNodes).every((n) => n > 1000)).toBe(true);
  }, 1_800_000);
});
