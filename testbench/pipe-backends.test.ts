// The Verilator and Icarus backends through the line protocol: pokes, peeks,
// steps, batches, run-until, VCD, wide and signed ports, the model cache, and
// clean shutdown. These tests need verilator and iverilog: they fail, never
// skip, when the tools are missing.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elaborate } from '../gen/index.ts';
import { Counter } from '../gen/examples/counter.ts';
import { SignedAlu } from '../gen/examples/alu.ts';
import { LookupRam } from '../gen/examples/ram.ts';
import { dutFromDesign } from './dut.ts';
import { startVerilator, buildVerilatorModel } from './verilator/backend.ts';
import { startIcarus } from './icarus/backend.ts';
import type { Simulator } from './simulator.ts';

const backends = {
  verilator: (d: ReturnType<typeof dutFromDesign>) => startVerilator(d.sources, d.iface),
  icarus: (d: ReturnType<typeof dutFromDesign>) => startIcarus(d.sources, d.iface),
};

const open: Simulator[] = [];
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
});

async function start(backend: keyof typeof backends, design: ReturnType<typeof elaborate>): Promise<Simulator> {
  const sim = await backends[backend](dutFromDesign(design));
  open.push(sim);
  return sim;
}

/** The ALU's documented behaviour, computed independently with BigInt. */
function aluReference(a: bigint, b: bigint, op: number, shamt: number, width: number): bigint {
  const results = [a + b, a - b, a * b, a & b, a | b, a ^ b, a << BigInt(shamt), a >> BigInt(shamt)];
  return BigInt.asUintN(2 * width, results[op]);
}

function randomSigned(width: number, rng: () => number): bigint {
  let v = 0n;
  for (let i = 0; i < width; i++) v = (v << 1n) | (rng() < 0.5 ? 1n : 0n);
  return BigInt.asIntN(width, v);
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

for (const backend of ['verilator', 'icarus'] as const) {
  describe(`${backend} backend`, () => {
    it('pokes, steps, peeks and runs until a condition', async () => {
      const sim = await start(backend, elaborate(Counter(8)));
      await sim.reset(2);
      expect(await sim.peek('count')).toBe(0n);
      await sim.poke('en', 1);
      await sim.step(7);
      expect(await sim.peek('count')).toBe(7n);
      expect(await sim.runUntil('count', 20, 100)).toBe(13);
      expect(await sim.runUntil('count', 3, 10)).toBe(-1);
      await sim.poke('clear', 1);
      await sim.step();
      await sim.poke('clear', 0);
      expect(await sim.peek('count')).toBe(0n);
      expect(await sim.cycle()).toBe(2 + 7 + 13 + 10 + 1);
    });

    it('runs batches: outputs sampled before each edge', async () => {
      const sim = await start(backend, elaborate(Counter(4)));
      const rows = Array.from({ length: 40 }, (_, i) => [i === 0 ? 1 : 0, 1, i === 25 ? 1 : 0]); // reset, en, clear
      const r = await sim.runBatch(rows);
      expect(r.cycles).toBe(40);
      const counts = Array.from({ length: 40 }, (_, i) => Number(r.get(i, 'count')));
      // cycle 0 is reset (value before it is unknown on a 4-state simulator, so start at 1)
      expect(counts.slice(1, 6)).toEqual([0, 1, 2, 3, 4]);
      expect(counts[17]).toBe(0); // wrapped at 16
      expect(counts[26]).toBe(0); // cleared at the edge of cycle 25
    });

    it('runs large batches exactly (on Verilator through files, in several file runs)', async () => {
      const n = backend === 'verilator' ? 140_000 : 3_000;
      const sim = await start(backend, elaborate(Counter(16)));
      const clearAt = (i: number) => i % 9973 === 500;
      const rows = Array.from({ length: n }, (_, i) => [i === 0 ? 1 : 0, i % 7 === 3 ? 0 : 1, clearAt(i) ? 1 : 0]);
      const r = await sim.runBatch(rows);
      expect(r.cycles).toBe(n);
      // The count before each edge, from the stimulus alone: +1 per enabled edge, 0 after a clear or reset.
      let count = 0;
      for (let i = 1; i < n; i++) {
        const prev = rows[i - 1]!;
        count = prev[0] || prev[2] ? 0 : (count + prev[1]!) & 0xffff;
        if (Number(r.get(i, 'count')) !== count) expect(`cycle ${i}: ${r.get(i, 'count')}`).toBe(`cycle ${i}: ${count}`);
      }
      const wide = await start(backend, elaborate(SignedAlu(37)));
      const rng = lcg(11);
      const vectors = Array.from({ length: 2000 }, () => ({ a: randomSigned(37, rng), b: randomSigned(37, rng), op: Math.floor(rng() * 8), shamt: Math.floor(rng() * 8) }));
      const w = await wide.runBatch(vectors.map((v) => [v.a, v.b, v.op, v.shamt]));
      vectors.forEach((v, i) => expect(w.get(i, 'result'), `vector ${i}`).toBe(aluReference(v.a, v.b, v.op, v.shamt, 37)));
    });

    it('drives signed and wide ports (74-bit outputs) exactly', async () => {
      const width = 37;
      const sim = await start(backend, elaborate(SignedAlu(width)));
      const rng = lcg(7);
      const vectors = Array.from({ length: 300 }, () => ({
        a: randomSigned(width, rng),
        b: randomSigned(width, rng),
        op: Math.floor(rng() * 8),
        shamt: Math.floor(rng() * 8),
      }));
      const rows = vectors.map((v) => [v.a, v.b, v.op, v.shamt]);
      const r = await sim.runBatch(rows);
      vectors.forEach((v, i) => {
        expect(r.get(i, 'result'), `vector ${i}: ${JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x))}`).toBe(
          aluReference(v.a, v.b, v.op, v.shamt, width),
        );
        expect(r.get(i, 'less')).toBe(v.a < v.b ? 1n : 0n);
      });
    });

    it('reads synchronous memories with initial contents (70-bit words)', async () => {
      const sim = await start(backend, elaborate(LookupRam(70, 16)));
      // inputs: raddr, waddr, wdata, we
      const rows = [
        [3, 0, 0, 0],
        [5, 0, 0, 0],
        [5, 5, (1n << 69n) | 1n, 1],
        [5, 0, 0, 0],
        [0, 0, 0, 0],
      ];
      const r = await sim.runBatch(rows);
      expect(r.get(1, 'rdata')).toBe(9n); // read of address 3 issued in cycle 0
      expect(r.get(2, 'rdata')).toBe(25n);
      expect(r.get(3, 'rdata')).toBe(25n); // read-first: the write in cycle 2 is not seen
      expect(r.get(4, 'rdata')).toBe((1n << 69n) | 1n);
    });

    it('writes a VCD of a run', async () => {
      const sim = await start(backend, elaborate(Counter(8)));
      const path = join('build', 'test-vcd', `${backend}-counter.vcd`);
      rmSync(path, { force: true });
      await sim.trace(path);
      await sim.reset(1);
      await sim.poke('en', 1);
      await sim.step(5);
      await sim.trace(null);
      await sim.cycle();
      await sim.close();
      expect(existsSync(path)).toBe(true);
      const vcd = readFileSync(path, 'utf8');
      expect(vcd).toMatch(/\$var\s+\w+\s+8\s+\S+\s+count/);
      expect(vcd).toMatch(/\$enddefinitions/);
    });

    it('reports a bad poke clearly and keeps going', async () => {
      const sim = await start(backend, elaborate(Counter(4)));
      await expect(sim.poke('en', 2)).rejects.toThrow(/does not fit port 'en'/);
      await expect(sim.poke('count', 1)).rejects.toThrow(/is an output/);
      await expect(sim.peek('nope')).rejects.toThrow(/no port 'nope'/);
      await sim.reset();
      expect(await sim.peek('count')).toBe(0n);
    });
  });
}

describe('Verilator model cache', () => {
  it('builds once, then starts from the cache; concurrent builds agree', async () => {
    const design = elaborate(Counter(13)); // a model no other test builds
    const dut = dutFromDesign(design);
    const marker = `// cache test ${process.pid} ${Date.now()}\n`;
    const sources = [...dut.sources, { name: 'cache_marker.v', text: marker }];
    const [a, b] = await Promise.all([buildVerilatorModel(sources, dut.iface), buildVerilatorModel(sources, dut.iface)]);
    expect(a.dir).toBe(b.dir);
    expect(a.built || b.built).toBe(true);
    const again = await buildVerilatorModel(sources, dut.iface);
    expect(again.built).toBe(false);
    // Verilator's runtime came compiled (no dependency file: make did not compile it here); the model's own objects were compiled.
    const obj = readdirSync(join(a.dir, 'obj'));
    expect(obj).toEqual(expect.arrayContaining(['verilated.o', 'verilated_vcd_c.o', 'harness.o', 'harness.d']));
    expect(obj).not.toContain('verilated.d');
    expect(obj).not.toContain('verilated_vcd_c.d');
    // No wall-clock bound (the suite runs on loaded machines): that it came from the cache is the claim.
    rmSync(a.dir, { recursive: true, force: true });
  });
});
