// Issue "co-simulation": the random-expression property on all three
// backends, at least 1000 random expressions per backend (two designs of
// 500, widths up to 128 bits), against the BigInt reference evaluator.
import { afterAll, describe, expect, it } from 'vitest';
import { dutFromDesign, startSimulator } from './dut.ts';
import { checkExprBank, exprBank, exprVectors } from './suites/expr.ts';
import type { Backend, Simulator } from './simulator.ts';

const SEEDS = [101, 202];
const PER_DESIGN = 500;
const VECTORS = 12;

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

describe.each(['dsl', 'verilator', 'icarus'] as Backend[])('random expressions on %s', (backend) => {
  it.each(SEEDS)(`${PER_DESIGN} expressions x ${VECTORS} vectors agree with the reference (seed %i)`, async (seed) => {
    const bank = exprBank(PER_DESIGN, seed);
    const sim = await startSimulator(backend, dutFromDesign(bank.design));
    open.push(sim);
    const report = await checkExprBank(bank, sim, exprVectors(VECTORS, seed));
    expect(report.checks).toBe(PER_DESIGN * VECTORS);
    expect(report.mismatches, `replay: npx neurotile cosim --target expr --sim ${backend} --seed ${seed}`).toEqual([]);
  });
});
