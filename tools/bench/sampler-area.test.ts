// The bench's sampler section: the LFSR baseline is a real maximal-length
// generator and lint-clean, and the section's figures hang together (Yosys
// runs for real; --quick leaves out iCE40 and the twin).
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../gen/index.ts';
import { compileSim } from '../../gen/sim/compile.ts';
import { expectLintClean } from '../../gen/lib/test-support.ts';
import { LfsrStreamGenerator } from './baselines/lfsr-sng.ts';
import { samplerBench } from './sampler-area.ts';

describe('sampler area bench', () => {
  it('the baseline LFSRs run through all 2^8 - 1 non-zero states, and the comparator gives P = p/256', async () => {
    await expectLintClean(LfsrStreamGenerator(8, 8));
    const sim = compileSim(elaborate(LfsrStreamGenerator(2, 8)));
    sim.reset();
    sim.poke('en', 1);
    sim.poke('p_0', 64);
    const seen = new Set<bigint>();
    let ones = 0;
    for (let i = 0; i < 255; i++) {
      seen.add(sim.peek('number_0'));
      ones += Number(sim.peek('bern_0'));
      sim.step();
    }
    expect(seen.size).toBe(255);
    expect(seen.has(0n)).toBe(false);
    expect(ones).toBe(63); // the states 1..63 of 1..255
  }, 120_000);

  it('reports areas, their ratio and the energy per bit', async () => {
    const r = await samplerBench({ quick: true });
    const cells = (name: RegExp) => r.area.find((a) => name.test(a.design) && a.arch === 'generic')!.cells;
    expect(r.ratio.genericCells).toBeCloseTo(cells(/^sampler logic/) / cells(/^LFSR/), 12);
    expect(cells(/one sampler lane/) * r.lanes).toBeLessThan(cells(/^sampler logic/));
    expect(r.energy.totalFj).toBeCloseTo(r.energy.deviceFj + r.energy.adcFj, 9);
    expect(r.energy.rawBitsPerBit).toBeGreaterThan(3.5); // von Neumann: about 4
    expect(r.energy.cmosRngFj).toBe(360);
  }, 300_000);
});
