// The VCDs of all three backends are read by GTKWave's own loader
// (vcd2fst, then fst2vcd back to text) and mean the same there as in our
// reader: same variables, same value changes at the same times.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { Counter } from '../gen/examples/counter.ts';
import { runTool } from '../gen/tools/run-tool.ts';
import { dutFromDesign, startSimulator } from './dut.ts';
import { distinctChanges, readVcd } from './vcd-read.ts';
import type { Backend, Simulator } from './simulator.ts';

const dir = mkdtempSync(join(tmpdir(), 'neurotile-vcd-'));
const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

/** The VCD as GTKWave reads it: converted to FST and written back as text. */
async function throughGtkwave(path: string): Promise<string> {
  const fst = `${path}.fst`;
  const toFst = await runTool('vcd2fst', [path, fst], { timeoutMs: 60_000 });
  expect(toFst.code, toFst.stderr).toBe(0);
  const back = await runTool('fst2vcd', [fst], { timeoutMs: 60_000 });
  expect(back.code, back.stderr).toBe(0);
  return back.stdout;
}

describe.each(['dsl', 'verilator', 'icarus'] as Backend[])('VCD from %s', (backend) => {
  it('reads the same in GTKWave as in our reader', async () => {
    const sim = await startSimulator(backend, dutFromDesign(elaborate(Counter(8))));
    open.push(sim);
    const path = join(dir, `${backend}.vcd`);
    await sim.trace(path);
    await sim.runBatch(Array.from({ length: 40 }, (_, i) => [i < 2 ? 1 : 0, i % 3 === 0 ? 0 : 1, i === 30 ? 1 : 0]));
    await sim.trace(null);
    await sim.close();

    const ours = readVcd(readFileSync(path, 'utf8'));
    const theirs = readVcd(await throughGtkwave(path));
    const counts = [...ours.byName.keys()].filter((n) => n.endsWith('.count'));
    expect(counts.length, `no count variable in ${[...ours.byName.keys()].join(', ')}`).toBeGreaterThan(0);
    expect([...theirs.byName.keys()].sort()).toEqual([...ours.byName.keys()].sort());
    for (const [name, changes] of ours.byName) {
      expect(distinctChanges(theirs.byName.get(name)!), name).toEqual(distinctChanges(changes));
    }
    // Not a trivial trace: the counter really counted.
    expect(distinctChanges(ours.byName.get(counts[0])!).length).toBeGreaterThan(10);
  });
});
