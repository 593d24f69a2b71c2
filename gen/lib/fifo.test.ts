import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { elaborate, module, ElaborationError, UInt } from '../index.ts';
import { Fifo, defaultFifoStorage, FIFO_REGISTER_DEPTH_LIMIT, type FifoStorage } from './index.ts';
import { cachedSim, portSummary, topOf } from './test-support.ts';
import type { DslSimulator } from '../sim/compile.ts';

// ---- reference model ---------------------------------------------------------------

/** The documented FIFO behaviour as a plain queue: ready = !full, valid = !empty, no bypass. */
class FifoRef {
  readonly items: bigint[] = [];
  constructor(readonly depth: number) {}
  get enqReady(): boolean {
    return this.items.length < this.depth;
  }
  get deqValid(): boolean {
    return this.items.length > 0;
  }
  /** One clock edge with these inputs. */
  cycle(enqValid: boolean, bits: bigint, deqReady: boolean): void {
    const enq = enqValid && this.enqReady;
    const deq = deqReady && this.deqValid;
    if (deq) this.items.shift();
    if (enq) this.items.push(bits);
  }
  reset(): void {
    this.items.length = 0;
  }
}

interface Real {
  sim: DslSimulator;
  width: number;
}

/** The DUT's outputs must match the model right now (before the edge). */
function checkOutputs(model: FifoRef, real: Real, when: string): void {
  const { sim } = real;
  const got = {
    enq_ready: sim.peek('enq_ready'),
    deq_valid: sim.peek('deq_valid'),
    count: sim.peek('count'),
    deq_bits: model.deqValid ? sim.peek('deq_bits') : undefined,
  };
  const want = {
    enq_ready: model.enqReady ? 1n : 0n,
    deq_valid: model.deqValid ? 1n : 0n,
    count: BigInt(model.items.length),
    deq_bits: model.deqValid ? model.items[0] : undefined,
  };
  expect(got, `cycle ${sim.cycle}, ${when}`).toEqual(want);
}

/** How often the interesting corner cases came up (checked after the model-based runs). */
const coverage = { fullEnqDeq: 0, bothFire: 0, emptyEnqDeq: 0 };

class CycleCmd implements fc.Command<FifoRef, Real> {
  constructor(
    readonly enqValid: boolean,
    readonly bits: bigint,
    readonly deqReady: boolean,
  ) {}
  check = () => true;
  run(model: FifoRef, real: Real): void {
    const bits = this.bits & ((1n << BigInt(real.width)) - 1n);
    if (!model.enqReady && this.enqValid && this.deqReady) coverage.fullEnqDeq++;
    if (model.enqReady && model.deqValid && this.enqValid && this.deqReady) coverage.bothFire++;
    if (!model.deqValid && this.enqValid && this.deqReady) coverage.emptyEnqDeq++;
    real.sim.poke('enq_valid', this.enqValid ? 1 : 0);
    real.sim.poke('enq_bits', bits);
    real.sim.poke('deq_ready', this.deqReady ? 1 : 0);
    checkOutputs(model, real, `before ${this.toString()}`);
    real.sim.step();
    model.cycle(this.enqValid, bits, this.deqReady);
    checkOutputs(model, real, `after ${this.toString()}`);
  }
  toString(): string {
    return `cycle(enq_valid=${+this.enqValid}, bits=0x${this.bits.toString(16)}, deq_ready=${+this.deqReady})`;
  }
}

class BurstCmd implements fc.Command<FifoRef, Real> {
  constructor(
    readonly kind: 'enq' | 'deq',
    readonly values: bigint[],
  ) {}
  check = () => true;
  run(model: FifoRef, real: Real): void {
    for (const v of this.values) new CycleCmd(this.kind === 'enq', v, this.kind === 'deq').run(model, real);
  }
  toString(): string {
    return `${this.kind}Burst(${this.values.length})`;
  }
}

class ResetCmd implements fc.Command<FifoRef, Real> {
  check = () => true;
  run(model: FifoRef, real: Real): void {
    real.sim.poke('enq_valid', 1); // reset wins over a pending enqueue
    real.sim.reset(1);
    model.reset();
    checkOutputs(model, real, 'after reset');
  }
  toString(): string {
    return 'reset';
  }
}

const bitsArb = fc.oneof(fc.bigInt({ min: 0n, max: 15n }), fc.bigInt({ min: 0n, max: (1n << 72n) - 1n }));
const fifoCommands = fc.commands(
  [
    fc.tuple(fc.boolean(), bitsArb, fc.boolean()).map(([v, b, r]) => new CycleCmd(v, b, r)),
    fc.tuple(fc.boolean(), bitsArb, fc.boolean()).map(([v, b, r]) => new CycleCmd(v, b, r)),
    fc.array(bitsArb, { minLength: 1, maxLength: 12 }).map((vs) => new BurstCmd('enq', vs)),
    fc.integer({ min: 1, max: 12 }).map((k) => new BurstCmd('deq', Array.from({ length: k }, () => 0n))),
    fc.constant(new ResetCmd()),
  ],
  { maxCommands: 80 },
);

function runModel(width: number, depth: number, storage: FifoStorage, cmds: Iterable<fc.Command<FifoRef, Real>>): void {
  const sim = cachedSim(`fifo/${width}/${depth}/${storage}`, () => Fifo(width, depth, { storage }));
  sim.poke('enq_valid', 0);
  sim.poke('deq_ready', 0);
  sim.reset(1);
  fc.modelRun(() => ({ model: new FifoRef(depth), real: { sim, width } }), cmds);
}

// ---- elaboration ---------------------------------------------------------------------

describe('Fifo elaboration', () => {
  test.each([
    [8, 4, 3],
    [1, 1, 1],
    [72, 9, 4],
    [16, 16, 5],
    [3, 17, 5],
    [32, 1000, 10],
  ])('Fifo(%i, %i): ports, widths and a count of %i bits', (width, depth, countBits) => {
    const design = elaborate(Fifo(width, depth));
    const top = topOf(design);
    expect(design.modules).toHaveLength(1);
    expect(top.name).toBe(`Fifo_width${width}_depth${depth}`);
    expect(top.mems.length).toBe(depth <= FIFO_REGISTER_DEPTH_LIMIT ? 0 : 1);
    expect(portSummary(top)).toEqual([
      'input enq_valid 1',
      'output enq_ready 1',
      `input enq_bits ${width}`,
      'output deq_valid 1',
      'input deq_ready 1',
      `output deq_bits ${width}`,
      `output count ${countBits}`,
    ]);
    expect(top.ports.filter((p) => p.role).map((p) => p.name)).toEqual(['clock', 'reset']);
    expect(top.params).toEqual({ width, depth });
  });

  test('registers up to depth 16, a memory above; the storage appears in the name only when not the default', () => {
    expect(defaultFifoStorage(16)).toBe('registers');
    expect(defaultFifoStorage(17)).toBe('memory');
    const regs = topOf(elaborate(Fifo(8, 16)));
    expect(regs.mems).toEqual([]);
    expect(regs.regs.map((r) => r.name)).toEqual(['occupancy', 'write_ptr', 'read_ptr', ...Array.from({ length: 16 }, (_, i) => `entries_${i}`)]);
    const mem = topOf(elaborate(Fifo(8, 17)));
    expect(mem.mems.map((x) => [x.name, x.depth, x.type.width, x.addrWidth])).toEqual([['ram', 17, 8, 5]]);
    expect(topOf(elaborate(Fifo(8, 4, { storage: 'memory' }))).name).toBe('Fifo_width8_depth4_storagememory');
    expect(topOf(elaborate(Fifo(8, 40, { storage: 'registers' }))).name).toBe('Fifo_width8_depth40_storageregisters');
    expect(topOf(elaborate(Fifo(8, 4, { storage: 'registers' }))).name).toBe('Fifo_width8_depth4');
  });

  test('a depth-1 FIFO has no pointers', () => {
    expect(topOf(elaborate(Fifo(4, 1))).regs.map((r) => r.name)).toEqual(['occupancy', 'entries_0']);
    expect(topOf(elaborate(Fifo(4, 1, { storage: 'memory' }))).regs.map((r) => r.name)).toEqual(['occupancy', 'head_bypass', 'head_bypass_bits']);
  });

  test('identical instances are emitted once, different parameters are not', () => {
    const Pair = (d2: number) =>
      module('FifoPair', { d2 }, (m) => {
        const a = m.instance('a', Fifo(8, 4));
        const b = m.instance('b', Fifo(8, d2));
        for (const f of [a, b]) {
          f.enq.valid.set(0);
          f.enq.bits.set(0);
          f.deq.ready.set(0);
        }
        m.output('total', UInt(4)).set(a.count.add(b.count));
      });
    const same = elaborate(Pair(4));
    expect(same.modules.map((x) => x.name)).toEqual(['Fifo_width8_depth4', 'FifoPair_d24']);
    expect(topOf(same).instances.map((i) => i.module)).toEqual(['Fifo_width8_depth4', 'Fifo_width8_depth4']);
    const different = elaborate(Pair(3));
    expect(different.modules.map((x) => x.name)).toEqual(['Fifo_width8_depth4', 'Fifo_width8_depth3', 'FifoPair_d23']);
  });

  test.each([
    [() => Fifo(8, 0), 'Fifo: depth must be a whole number from 1 to 1048576, got 0'],
    [() => Fifo(8, 2.5), 'Fifo: depth must be a whole number from 1 to 1048576, got 2.5'],
    [() => Fifo(8, 1 << 21), 'Fifo: depth must be a whole number from 1 to 1048576, got 2097152'],
    [() => Fifo(0, 4), 'Fifo: width must be a whole number from 1 to 4096, got 0'],
    [() => Fifo(8, 4, { storage: 'flops' as FifoStorage }), "Fifo: storage must be 'registers' or 'memory', got 'flops'"],
  ])('bad parameters are ElaborationErrors at the caller (%#)', (build, message) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ElaborationError);
    expect((error as ElaborationError).problem).toBe(message);
    expect((error as ElaborationError).loc).toMatch(/^gen\/lib\/fifo\.test\.ts:\d+$/);
  });
});

// ---- simulation ----------------------------------------------------------------------------

describe('Fifo simulation', () => {
  test('no bypass: an entry enqueued into an empty FIFO shows at deq one cycle later', () => {
    for (const storage of ['registers', 'memory'] as const) {
      const sim = cachedSim(`fifo/8/4/${storage}`, () => Fifo(8, 4, { storage }));
      sim.reset(1);
      sim.poke('enq_valid', 1);
      sim.poke('enq_bits', 0x5a);
      sim.poke('deq_ready', 1);
      expect(sim.peek('deq_valid'), storage).toBe(0n);
      sim.step();
      sim.poke('enq_valid', 0);
      expect([sim.peek('deq_valid'), sim.peek('deq_bits'), sim.peek('count')], storage).toEqual([1n, 0x5an, 1n]);
      sim.step();
      expect([sim.peek('deq_valid'), sim.peek('count')], storage).toEqual([0n, 0n]);
    }
  });

  test('full throughput: one entry per cycle in and out while neither full nor empty', () => {
    for (const storage of ['registers', 'memory'] as const) {
      const sim = cachedSim(`fifo/8/3/${storage}`, () => Fifo(8, 3, { storage }));
      sim.reset(1);
      sim.poke('enq_valid', 1);
      sim.poke('deq_ready', 1);
      const out: bigint[] = [];
      for (let i = 1; i <= 20; i++) {
        if (sim.peek('deq_valid')) out.push(sim.peek('deq_bits'));
        expect(sim.peek('enq_ready')).toBe(1n);
        sim.poke('enq_bits', i);
        sim.step();
      }
      expect(out, storage).toEqual(Array.from({ length: 19 }, (_, i) => BigInt(i + 1)));
      expect(sim.peek('count')).toBe(1n);
    }
  });

  test('a full FIFO refuses an entry even while one is dequeued (ready = !full)', () => {
    const sim = cachedSim('fifo/8/1/registers', () => Fifo(8, 1));
    sim.reset(1);
    sim.poke('enq_valid', 1);
    sim.poke('deq_ready', 1);
    const accepted: bigint[] = [];
    for (let i = 1; i <= 6; i++) {
      sim.poke('enq_bits', i);
      if (sim.peek('enq_ready')) accepted.push(BigInt(i));
      sim.step();
    }
    expect(accepted).toEqual([1n, 3n, 5n]);
  });

  test('model-based: matches a TypeScript queue under random valid/ready traffic (depth 1..9, both storages)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 72 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom<FifoStorage>('registers', 'memory'),
        fifoCommands,
        (width, depth, storage, cmds) => runModel(width, depth, storage, cmds),
      ),
      { numRuns: 300 },
    );
    // The traffic must reach: full with enq_valid & deq_ready, enq and deq in one cycle, empty with both.
    expect(Object.values(coverage).every((n) => n > 0), JSON.stringify(coverage)).toBe(true);
  });

  test('model-based: deeper FIFOs with the default storage (depth 10..40)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 10, max: 40 }), fifoCommands, (width, depth, cmds) =>
        runModel(width, depth, defaultFifoStorage(depth), cmds),
      ),
      { numRuns: 100 },
    );
  });
});
