import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { elaborate, module, Bool, Bundle, Flipped, UInt, Vec, SInt } from '../index.ts';
import type { ModuleDef } from '../index.ts';
import { Decoupled, connectDecoupled, fire, Fifo, type DecoupledIO } from './index.ts';
import type { GroundType } from '../dsl/types.ts';
import { cachedSim, expectLintClean, portSummary, topOf } from './test-support.ts';
import { elaborationErrorOf } from '../test-support.ts';

/** Example: `stages` FIFOs in series, wired with connectDecoupled (parent port -> child -> child -> parent port). */
const FifoChain = (width: number, depth: number, stages: number): ModuleDef<{ in: DecoupledIO<GroundType>; out: DecoupledIO<GroundType> }> =>
  module('FifoChain', { width, depth, stages }, (m) => {
    const input = m.input('in', Decoupled(UInt(width)));
    const output = m.output('out', Decoupled(UInt(width)));
    const fifos = Array.from({ length: stages }, (_, i) => m.instance(`stage${i}`, Fifo(width, depth)));
    connectDecoupled(m, fifos[0].enq, input);
    for (let i = 1; i < stages; i++) connectDecoupled(m, fifos[i].enq, fifos[i - 1].deq);
    connectDecoupled(m, output, fifos[stages - 1].deq);
    return { in: input, out: output };
  });


describe('Decoupled', () => {
  test('an input port is the consumer side, an output port the producer side', () => {
    const top = topOf(
      elaborate(
        module('Pass', {}, (m) => {
          const a = m.input('a', Decoupled(UInt(8)));
          const b = m.output('b', Decoupled(UInt(8)));
          connectDecoupled(m, b, a);
        }),
      ),
    );
    expect(portSummary(top)).toEqual(['input a_valid 1', 'output a_ready 1', 'input a_bits 8', 'output b_valid 1', 'input b_ready 1', 'output b_bits 8']);
    expect(top.assigns.map((x) => `${x.target} = ${x.expr.kind === 'ref' ? x.expr.name : x.expr.kind}`)).toEqual([
      'a_ready = b_ready',
      'b_valid = a_valid',
      'b_bits = a_bits',
    ]);
  });

  test('aggregate bits flatten to readable names and connect leaf by leaf (narrower leaves are extended)', () => {
    const top = topOf(
      elaborate(
        module('Packets', {}, (m) => {
          const a = m.input('a', Decoupled(Bundle({ addr: UInt(4), data: Vec(2, SInt(6)) })));
          const b = m.output('b', Decoupled(Bundle({ addr: UInt(5), data: Vec(2, SInt(6)) })));
          connectDecoupled(m, b, a);
          m.output('a_fire', Bool()).set(fire(a));
        }),
      ),
    );
    expect(portSummary(top)).toEqual([
      'input a_valid 1',
      'output a_ready 1',
      'input a_bits_addr 4',
      'input a_bits_data_0 6',
      'input a_bits_data_1 6',
      'output b_valid 1',
      'input b_ready 1',
      'output b_bits_addr 5',
      'output b_bits_data_0 6',
      'output b_bits_data_1 6',
      'output a_fire 1',
    ]);
    const fireExpr = top.assigns.find((x) => x.target === 'a_fire')!.expr;
    expect(fireExpr).toMatchObject({ kind: 'binary', op: 'and', a: { kind: 'ref', name: 'a_valid' }, b: { kind: 'ref', name: 'a_ready' } });
  });

  test('Flipped fields inside bits are refused, at the caller', () => {
    const e = elaborationErrorOf(() => Decoupled(Bundle({ x: UInt(2), back: Flipped(Bool()) })));
    expect(e.problem).toBe('Decoupled: the bits type must not contain Flipped fields (data flows one way)');
    expect(e.loc).toMatch(/^gen\/lib\/decoupled\.test\.ts:\d+$/);
  });

  test('connectDecoupled checks shapes and widths', () => {
    const shape = elaborationErrorOf(() =>
      module('Shape', {}, (m) => {
        const a = m.input('a', Decoupled(Vec(2, UInt(4))));
        const b = m.output('b', Decoupled(UInt(4)));
        connectDecoupled(m, b, a as unknown as DecoupledIO);
      }),
    );
    expect(shape.problem).toBe('connectDecoupled: bits shapes differ (1 vs 2 ground signals)');
    const narrow = elaborationErrorOf(() =>
      module('Narrow', {}, (m) => {
        connectDecoupled(m, m.output('b', Decoupled(UInt(4))), m.input('a', Decoupled(UInt(5))));
      }),
    );
    expect(narrow.problem).toMatch(/^width mismatch: assigning UInt\(5\) to 'b_bits' of type UInt\(4\)/);
    // Sink and source swapped: the sink's valid is an input port and cannot be driven.
    const swapped = elaborationErrorOf(() =>
      module('Swapped', {}, (m) => {
        connectDecoupled(m, m.input('a', Decoupled(UInt(4))), m.output('b', Decoupled(UInt(4))));
      }),
    );
    expect(swapped.problem).toMatch(/'a_valid' has more than one driver/);
  });

  test('connectDecoupled refuses signals of another module', () => {
    let inner: DecoupledIO<GroundType> | undefined;
    module('Inner', {}, (m) => {
      inner = m.input('x', Decoupled(UInt(2)));
      m.output('y', UInt(2)).set(inner.bits);
      inner.ready.set(1);
    });
    const e = elaborationErrorOf(() => module('Outer', {}, (m) => connectDecoupled(m, m.output('z', Decoupled(UInt(2))), inner!)));
    expect(e.problem).toBe("connectDecoupled: a signal of module 'Inner' cannot be connected inside module 'Outer'");
  });
});

describe('FifoChain example (connectDecoupled between instances)', () => {
  test('identical FIFO stages are emitted once', () => {
    const design = elaborate(FifoChain(8, 2, 3));
    expect(design.modules.map((m) => m.name)).toEqual(['Fifo_width8_depth2', 'FifoChain_width8_depth2_stages3']);
    const top = topOf(design);
    expect(top.instances.map((i) => `${i.name}:${i.module}`)).toEqual(['stage0:Fifo_width8_depth2', 'stage1:Fifo_width8_depth2', 'stage2:Fifo_width8_depth2']);
    expect(portSummary(top)).toEqual(['input in_valid 1', 'output in_ready 1', 'input in_bits 8', 'output out_valid 1', 'input out_ready 1', 'output out_bits 8']);
  });

  test('delivers every word in order, with stages cycles of latency when drained', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ valid: fc.boolean(), ready: fc.boolean() }), { minLength: 1, maxLength: 120 }),
        (depth, stages, traffic) => {
          const sim = cachedSim(`chain/${depth}/${stages}`, () => FifoChain(8, depth, stages));
          sim.reset(1);
          let next = 0;
          const received: number[] = [];
          for (const { valid, ready } of traffic) {
            sim.poke('in_valid', +valid);
            sim.poke('in_bits', next & 0xff);
            sim.poke('out_ready', +ready);
            if (valid && sim.peek('in_ready')) next++;
            if (ready && sim.peek('out_valid')) received.push(Number(sim.peek('out_bits')));
            sim.step();
          }
          // Drain: nothing new in, always ready out.
          sim.poke('in_valid', 0);
          sim.poke('out_ready', 1);
          for (let k = 0; k < stages * (depth + 2) + 2; k++) {
            if (sim.peek('out_valid')) received.push(Number(sim.peek('out_bits')));
            sim.step();
          }
          expect(received).toEqual(Array.from({ length: next }, (_, i) => i & 0xff));
        },
      ),
      { numRuns: 150 },
    );
    const sim = cachedSim('chain/2/3', () => FifoChain(8, 2, 3));
    sim.reset(1);
    sim.poke('out_ready', 1);
    sim.poke('in_valid', 1);
    sim.poke('in_bits', 0x42);
    sim.step();
    sim.poke('in_valid', 0);
    const seenAt: number[] = [];
    for (let t = 1; t <= 5; t++) {
      if (sim.peek('out_valid')) seenAt.push(t);
      sim.step();
    }
    expect(seenAt).toEqual([3]);
  });

  test.each([
    [8, 2, 3],
    [1, 1, 1],
    [33, 20, 2],
  ])('FifoChain(%i, %i, %i) is lint clean (Verilator -Wall, Icarus, Yosys)', async (width, depth, stages) => {
    await expectLintClean(FifoChain(width, depth, stages));
  });
});
