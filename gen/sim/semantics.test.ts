// Registers, reset, memories, hierarchy, the poke/peek interface and its
// errors, on hand-written IR.
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import type { IrExpr, IrMem, IrModule } from '../ir.ts';
import { compileSim, SimError } from './compile.ts';
import {
  S,
  U,
  assign,
  bin,
  clockPort,
  counterModule,
  design,
  fifoModule,
  input,
  irModule,
  lit,
  mux,
  output,
  ref,
  reg,
  resetPort,
  slice,
  un,
} from './ir-fixtures.ts';

describe('registers and reset', () => {
  // randomInit: registers start like real flip-flops, at values a reset must clear.
  test.prop([fc.integer({ min: 0, max: 0xffffffff })], { numRuns: 20 })('randomInit: a seed gives reproducible random start values; reset clears them', (seed) => {
    const t = U(40); // wider than 32 bits: the BigInt state path too
    const top = irModule('Hold', {
      ports: [clockPort, resetPort, output('q', t), output('h', U(8))],
      regs: [reg('r', t, ref('r', t), 5n), reg('k', U(8), ref('k', U(8)), 0n)],
      assigns: [assign('q', ref('r', t)), assign('h', ref('k', U(8)))],
    });
    const a = compileSim(design(top), { randomInit: seed });
    const b = compileSim(design(top), { randomInit: seed });
    expect([a.peek('q'), a.peek('h')]).toEqual([b.peek('q'), b.peek('h')]);
    expect(a.peek('q') >> 40n).toBe(0n); // within the register's width
    a.reset();
    expect([a.peek('q'), a.peek('h')]).toEqual([5n, 0n]);
  });

  it('randomInit: different seeds give different start values (not all zero)', () => {
    const t = U(16);
    const top = irModule('Hold16', { ports: [clockPort, output('q', t)], regs: [reg('r', t, ref('r', t))], assigns: [assign('q', ref('r', t))] });
    const values = new Set(Array.from({ length: 16 }, (_, seed) => compileSim(design(top), { randomInit: seed }).peek('q')));
    // 16 draws from 65536 values: a collision of all of them is impossible unless the seed is ignored.
    expect(values.size).toBeGreaterThan(8);
    expect(compileSim(design(top)).peek('q')).toBe(0n);
  });

  it('counts on enabled edges and wraps at its width', () => {
    const sim = compileSim(design(counterModule('Counter', 3)));
    expect(sim.peek('count')).toBe(0n); // registers start at 0
    sim.step(2);
    expect(sim.peek('count')).toBe(0n); // not enabled
    sim.poke('en', 1);
    sim.step(5);
    expect(sim.peek('count')).toBe(5n);
    sim.step(4);
    expect(sim.peek('count')).toBe(1n); // 9 mod 8
    expect(sim.cycle).toBe(11);
  });

  it('takes reset values while reset is high; registers without one keep following next', () => {
    const t = U(8);
    const top = irModule('Regs', {
      ports: [clockPort, resetPort, input('d', t), output('q', t), output('p', t)],
      regs: [reg('with_reset', t, ref('d', t), 0x5an), reg('plain', t, ref('d', t))],
      assigns: [assign('q', ref('with_reset', t)), assign('p', ref('plain', t))],
    });
    const sim = compileSim(design(top));
    sim.poke('d', 7);
    sim.step();
    expect([sim.peek('q'), sim.peek('p')]).toEqual([7n, 7n]);
    sim.poke('d', 9);
    sim.reset(2);
    expect([sim.peek('q'), sim.peek('p')]).toEqual([0x5an, 9n]);
    expect(sim.peek('reset')).toBe(0n); // released afterwards
    expect(sim.cycle).toBe(3);
    sim.step();
    expect(sim.peek('q')).toBe(9n);
  });

  it('poking reset by hand works like reset()', () => {
    const sim = compileSim(design(counterModule()));
    sim.poke('en', 1);
    sim.step(3);
    sim.poke('reset', 1);
    sim.step();
    expect(sim.peek('count')).toBe(0n);
    sim.poke('reset', 0);
    sim.step();
    expect(sim.peek('count')).toBe(1n);
  });

  it('reset() without a reset port does nothing', () => {
    const top = irModule('NoReset', { ports: [input('a', U(4)), output('b', U(4))], assigns: [assign('b', ref('a', U(4)))] });
    const sim = compileSim(design(top));
    sim.reset(3);
    expect(sim.cycle).toBe(0);
  });

  it('handles registers of 33, 64, 128 and 200 bits', () => {
    for (const width of [33, 64, 128, 200]) {
      const sim = compileSim(design(counterModule(`C${width}`, width)));
      sim.poke('en', 1);
      sim.step(3);
      expect(sim.peek('count')).toBe(3n);
      expect(typeof sim.peekIndex(sim.portIndex('count'))).toBe('bigint');
    }
  });

  it('applies reset only in modules that have a reset port', () => {
    const t = U(4);
    // A child without a reset port: its reset value is not applied.
    const child = irModule('NoResetChild', {
      ports: [clockPort, input('d', t), output('q', t)],
      regs: [reg('r', t, ref('d', t), 3n)],
      assigns: [assign('q', ref('r', t))],
    });
    const top = irModule('Top', {
      ports: [clockPort, resetPort, input('d', t), output('q', t)],
      instances: [{ name: 'c', module: 'NoResetChild', inputs: { d: ref('d', t) }, loc: 'test' }],
      assigns: [assign('q', ref('c.q', t))],
    });
    const sim = compileSim(design(child, top));
    sim.poke('d', 9);
    sim.reset();
    expect(sim.peek('q')).toBe(9n);
  });
});

describe('hierarchy', () => {
  const inner = counterModule('Inner', 4);
  const middle = irModule('Middle', {
    ports: [clockPort, resetPort, input('go', U(1)), output('total', U(5))],
    wires: [{ name: 'sum', type: U(5), loc: 'test' }],
    instances: [
      { name: 'x', module: 'Inner', inputs: { en: ref('go', U(1)) }, loc: 'test' },
      // y counts when x's count is odd: an instance input driven by another instance's output.
      { name: 'y', module: 'Inner', inputs: { en: bin('and', ref('go', U(1)), slice(ref('x.count', U(4)), 0, 0)) }, loc: 'test' },
    ],
    assigns: [
      assign('total', ref('sum', U(5))),
      assign('sum', bin('add', { kind: 'zext', a: ref('x.count', U(4)), type: U(5) }, { kind: 'zext', a: ref('y.count', U(4)), type: U(5) })),
    ],
  });
  const top = irModule('Top', {
    ports: [clockPort, resetPort, input('go', U(1)), output('total', U(5))],
    instances: [{ name: 'm', module: 'Middle', inputs: { go: ref('go', U(1)) }, loc: 'test' }],
    assigns: [assign('total', ref('m.total', U(5)))],
  });
  const hier = design(inner, middle, top);

  it('inlines instances and addresses their signals hierarchically', () => {
    const sim = compileSim(hier);
    sim.poke('go', 1);
    sim.step(3);
    expect(sim.peek('m.x.value')).toBe(3n);
    expect(sim.peek('m.x.count')).toBe(3n);
    expect(sim.peek('m.y.count')).toBe(1n); // x was 0, 1, 2 before the three edges: odd once
    expect(sim.peek('m.y.en')).toBe(1n); // x.count = 3 now
    expect(sim.peek('m.sum')).toBe(4n);
    expect(sim.peek('total')).toBe(4n);
    expect(sim.peek('m.go')).toBe(1n);
  });

  it('connects instance clock and reset to the parent implicitly', () => {
    const sim = compileSim(hier);
    sim.poke('go', 1);
    sim.step(5);
    sim.reset();
    expect(sim.peek('m.x.count')).toBe(0n);
    expect(sim.peek('m.y.count')).toBe(0n);
    sim.poke('reset', 1);
    expect(sim.peek('m.x.reset')).toBe(1n); // an alias of the top reset
    const names = sim.signals().map((s) => s.name);
    expect(names).toContain('m.x.clock');
    expect(sim.portIndex('m.x.reset')).toBe(sim.portIndex('reset'));
  });

  it('settles combinational paths that cross instance boundaries in either direction', () => {
    const t = U(8);
    const add1 = irModule('Add1', {
      ports: [input('a', t), output('b', t)],
      assigns: [assign('b', bin('add', ref('a', t), lit(1, t)))],
    });
    // in -> u.a -> u.b -> w -> v.a -> v.b -> out, assigns listed backwards.
    const chain = irModule('Chain', {
      ports: [input('in', t), output('out', t)],
      wires: [{ name: 'w', type: t, loc: 'test' }],
      instances: [
        { name: 'v', module: 'Add1', inputs: { a: ref('w', t) }, loc: 'test' },
        { name: 'u', module: 'Add1', inputs: { a: ref('in', t) }, loc: 'test' },
      ],
      assigns: [assign('out', ref('v.b', t)), assign('w', ref('u.b', t))],
    });
    const sim = compileSim(design(add1, chain));
    sim.poke('in', 10);
    expect(sim.peek('out')).toBe(12n);
    sim.poke('in', 255);
    expect(sim.peek('out')).toBe(1n);
    // Every signal up to 32 bits has a slot of the state array, listed with its name.
    expect(sim.source).toMatch(/\/\/ \$s\[\d+\] u\$b: output UInt\(8\)/);
  });
});

describe('memories', () => {
  const t = U(8);
  const ramTop = (mem: Partial<IrMem>, extraPorts = [input('we', U(1)), input('we2', U(1))]): IrModule =>
    irModule('Ram', {
      ports: [clockPort, input('raddr', U(3)), input('ren', U(1)), input('waddr', U(3)), input('wdata', t), ...extraPorts, output('rdata', t)],
      mems: [
        {
          name: 'ram',
          type: t,
          depth: 5, // not a power of two: addresses 5..7 are out of range
          addrWidth: 3,
          readPorts: [{ name: 'ram_q', addr: ref('raddr', U(3)), en: ref('ren', U(1)), loc: 'test' }],
          writePorts: [
            { addr: ref('waddr', U(3)), data: ref('wdata', t), en: ref('we', U(1)), loc: 'test' },
            // A second port on the same address writes wdata + 1: it must win.
            { addr: ref('waddr', U(3)), data: bin('add', ref('wdata', t), lit(1, t)), en: ref('we2', U(1)), loc: 'test' },
          ],
          loc: 'test',
          ...mem,
        },
      ],
      assigns: [assign('rdata', ref('ram_q', t))],
    });

  it('starts with init contents (rest zero) and reads one edge later', () => {
    const sim = compileSim(design(ramTop({ init: [11n, 22n, 33n] })));
    sim.poke('ren', 1);
    const seen: bigint[] = [];
    for (let a = 0; a < 5; a++) {
      sim.poke('raddr', a);
      expect(sim.peek('rdata')).toBe(a === 0 ? 0n : seen[a - 1] ?? 0n); // data register starts at 0
      sim.step();
      seen.push(sim.peek('rdata'));
    }
    expect(seen).toEqual([11n, 22n, 33n, 0n, 0n]);
    expect(sim.peekMem('ram', 2)).toBe(33n);
  });

  it('is read-first: a read of the address being written returns the old word', () => {
    const sim = compileSim(design(ramTop({ init: [1n, 2n] })));
    sim.poke('ren', 1);
    sim.poke('raddr', 1);
    sim.poke('waddr', 1);
    sim.poke('wdata', 99);
    sim.poke('we', 1);
    sim.step();
    expect(sim.peek('rdata')).toBe(2n);
    sim.poke('we', 0);
    sim.step();
    expect(sim.peek('rdata')).toBe(99n);
  });

  it('holds the read data while the read port is disabled', () => {
    const sim = compileSim(design(ramTop({ init: [5n, 6n] })));
    sim.poke('ren', 1);
    sim.step();
    expect(sim.peek('rdata')).toBe(5n);
    sim.poke('ren', 0);
    sim.poke('raddr', 1);
    sim.step(3);
    expect(sim.peek('rdata')).toBe(5n);
  });

  it('lets the later write port win on the same address', () => {
    const sim = compileSim(design(ramTop({})));
    sim.poke('waddr', 3);
    sim.poke('wdata', 40);
    sim.poke('we', 1);
    sim.poke('we2', 1);
    sim.step();
    expect(sim.peekMem('ram', 3)).toBe(41n);
  });

  it('reads 0 and ignores writes at addresses >= depth', () => {
    const sim = compileSim(design(ramTop({ init: [1n, 2n, 3n, 4n, 5n] })));
    sim.poke('ren', 1);
    sim.poke('raddr', 6);
    sim.poke('waddr', 6);
    sim.poke('wdata', 77);
    sim.poke('we', 1);
    sim.step();
    expect(sim.peek('rdata')).toBe(0n);
    expect([0, 1, 2, 3, 4].map((a) => sim.peekMem('ram', a))).toEqual([1n, 2n, 3n, 4n, 5n]);
  });

  it('stores words wider than 32 bits, with addresses wider than 32 bits', () => {
    const w = U(100);
    const a = U(40);
    const top = irModule('WideRam', {
      ports: [clockPort, input('addr', a), input('d', w), input('we', U(1)), output('q', w)],
      mems: [
        {
          name: 'm',
          type: w,
          depth: 4,
          addrWidth: 40,
          init: [(1n << 99n) | 5n],
          readPorts: [{ name: 'm_q', addr: ref('addr', a), en: lit(1, U(1)), loc: 'test' }],
          writePorts: [{ addr: ref('addr', a), data: ref('d', w), en: ref('we', U(1)), loc: 'test' }],
          loc: 'test',
        },
      ],
      assigns: [assign('q', ref('m_q', w))],
    });
    const sim = compileSim(design(top));
    sim.step();
    expect(sim.peek('q')).toBe((1n << 99n) | 5n);
    sim.poke('addr', 2);
    sim.poke('d', (1n << 100n) - 1n);
    sim.poke('we', 1);
    sim.step(2);
    expect(sim.peek('q')).toBe((1n << 100n) - 1n);
    sim.poke('addr', 1n << 39n); // far out of range
    sim.step();
    expect(sim.peek('q')).toBe(0n);
    expect(sim.peekMem('m', 2)).toBe((1n << 100n) - 1n);
  });

  it('pokeMem/peekMem give testbench access to the contents', () => {
    const sim = compileSim(design(ramTop({})));
    sim.pokeMem('ram', 4, 200);
    sim.poke('raddr', 4);
    sim.poke('ren', 1);
    sim.step();
    expect(sim.peek('rdata')).toBe(200n);
    expect(() => sim.pokeMem('ram', 5, 1)).toThrow(/outside memory 'ram'/);
    expect(() => sim.pokeMem('ram', 0, 256)).toThrow(/does not fit/);
  });
});

describe('a FIFO on a memory behaves like a queue', () => {
  const ops = fc.array(fc.record({ enq: fc.boolean(), data: fc.integer({ min: 0, max: 255 }), deq: fc.boolean() }), { maxLength: 200 });

  test.prop([ops, fc.constantFrom(2, 4, 16)])('through the index fast path', (steps, depth) => {
    const sim = compileSim(design(fifoModule(8, depth)));
    sim.reset();
    const idx = (n: string) => sim.portIndex(n);
    const [enqValid, enqData, deqReady, enqReady, deqValid, deqData, count] = [
      'enq_valid',
      'enq_data',
      'deq_ready',
      'enq_ready',
      'deq_valid',
      'deq_data',
      'count',
    ].map(idx);
    const queue: number[] = [];
    for (const s of steps) {
      sim.pokeIndex(enqValid, s.enq ? 1 : 0);
      sim.pokeIndex(enqData, s.data);
      sim.pokeIndex(deqReady, s.deq ? 1 : 0);
      expect(sim.peekIndex(count)).toBe(queue.length);
      expect(sim.peekIndex(enqReady)).toBe(queue.length < depth ? 1 : 0);
      expect(sim.peekIndex(deqValid)).toBe(queue.length > 0 ? 1 : 0);
      if (queue.length > 0) expect(sim.peekIndex(deqData)).toBe(queue[0]);
      const deq = s.deq && queue.length > 0;
      const enq = s.enq && queue.length < depth;
      if (deq) queue.shift();
      if (enq) queue.push(s.data);
      sim.step();
    }
  });
});

describe('poke and peek', () => {
  const top = irModule('Io', {
    ports: [clockPort, input('u8', U(8)), input('s8', S(8)), input('u32', U(32)), input('u70', U(70)), output('o', U(8)), output('s8_out', S(8))],
    wires: [{ name: 'w', type: U(8), loc: 'test' }],
    assigns: [assign('w', bin('xor', ref('u8', U(8)), lit(0xff, U(8)))), assign('o', ref('w', U(8))), assign('s8_out', ref('s8', S(8)))],
  });

  it('sees pokes in combinational logic without a clock edge', () => {
    const sim = compileSim(design(top));
    sim.poke('u8', 0x0f);
    expect(sim.peek('o')).toBe(0xf0n);
    expect(sim.peek('w')).toBe(0xf0n);
    sim.poke('u8', 0xf0);
    expect(sim.peek('o')).toBe(0x0fn);
    expect(sim.cycle).toBe(0);
  });

  it('accepts negative values for SInt inputs and returns bit patterns', () => {
    const sim = compileSim(design(top));
    sim.poke('s8', -1);
    expect(sim.peek('s8_out')).toBe(0xffn);
    expect(sim.peekSigned('s8_out')).toBe(-1n);
    sim.poke('s8', -128n);
    expect(sim.peekSigned('s8')).toBe(-128n);
    sim.poke('s8', 0x80); // the bit pattern works too
    expect(sim.peekSigned('s8')).toBe(-128n);
  });

  it('converts between number and bigint at the boundary', () => {
    const sim = compileSim(design(top));
    sim.poke('u32', 0xffffffffn);
    expect(sim.peekIndex(sim.portIndex('u32'))).toBe(0xffffffff);
    sim.poke('u70', 5);
    expect(sim.peekIndex(sim.portIndex('u70'))).toBe(5n);
    sim.pokeIndex(sim.portIndex('u8'), 3n);
    expect(sim.peek('u8')).toBe(3n);
  });

  it('rejects pokes that are not top-level inputs or do not fit, naming the port', () => {
    const sim = compileSim(design(top));
    expect(() => sim.poke('o', 1)).toThrow(/cannot poke 'o': it is an output/);
    expect(() => sim.poke('w', 1)).toThrow(/'w'.*internal wire/);
    expect(() => sim.poke('clock', 1)).toThrow(/clock is driven by step\(\)/);
    expect(() => sim.poke('u8', 256)).toThrow(/value 256 does not fit input 'u8' \(UInt\(8\): 0\.\.255\)/);
    expect(() => sim.poke('u8', -1)).toThrow(/does not fit input 'u8'/);
    expect(() => sim.poke('s8', -129)).toThrow(/does not fit input 's8' \(SInt\(8\): -128\.\.255\)/);
    expect(() => sim.poke('u8', 1.5)).toThrow(/not an integer/);
    expect(() => sim.poke('u70', 1n << 70n)).toThrow(/does not fit input 'u70'/);
    expect(() => sim.poke('nope', 1)).toThrow(SimError);
    expect(() => sim.peek('u9')).toThrow(/'Io' has no signal named 'u9'/);
    expect(() => sim.peekIndex(999)).toThrow(/no signal with index 999/);
    expect(() => sim.step(-1)).toThrow(/whole number/);
  });

  it('refuses to poke an instance input', () => {
    const sim = compileSim(design(counterModule('Inner'), irModule('P', {
      ports: [clockPort, resetPort, input('en', U(1)), output('c', U(8))],
      instances: [{ name: 'i', module: 'Inner', inputs: { en: ref('en', U(1)) }, loc: 'test' }],
      assigns: [assign('c', ref('i.count', U(8)))],
    })));
    expect(() => sim.poke('i.en', 1)).toThrow(/instance input/);
  });
});

describe('compile errors', () => {
  it('names the black box it cannot simulate', () => {
    const box: IrModule = { ...irModule('AnalogMacro', { ports: [input('d', U(4)), output('q', U(4))] }), kind: 'blackbox' };
    const top = irModule('Top', {
      ports: [input('d', U(4)), output('q', U(4))],
      instances: [{ name: 'macro', module: 'AnalogMacro', inputs: { d: ref('d', U(4)) }, loc: 'test' }],
      assigns: [assign('q', ref('macro.q', U(4)))],
    });
    expect(() => compileSim(design(box, top))).toThrow(/cannot simulate black box 'AnalogMacro' \(instance 'macro'\)/);
  });

  it('reports a combinational loop with the signals on it', () => {
    const t = U(1);
    const top = irModule('Loop', {
      ports: [input('a', t), output('o', t)],
      wires: [{ name: 'x', type: t, loc: 'test' }, { name: 'y', type: t, loc: 'test' }],
      assigns: [assign('x', bin('and', ref('a', t), ref('y', t))), assign('y', un('not', ref('x', t))), assign('o', ref('y', t))],
    });
    expect(() => compileSim(design(top))).toThrow(/combinational loop: (x -> y -> x|y -> x -> y)/);
  });

  it('rejects malformed IR instead of computing garbage', () => {
    const bad = (expr: IrExpr, w = 8) =>
      compileSim(design(irModule('Bad', { ports: [input('a', U(8)), input('b', U(4)), output('o', U(w))], assigns: [assign('o', expr)] })));
    expect(() => bad(bin('add', ref('a', U(8)), ref('b', U(4))))).toThrow(/operands have 8 and 4 bits/);
    expect(() => bad(ref('a', U(9)), 9)).toThrow(/'a' is 8 bits wide but read as 9 bits/);
    expect(() => bad(slice(ref('a', U(8)), 8, 1))).toThrow(/slice \[8:1\] out of range/);
    expect(() => bad(ref('missing', U(8)))).toThrow(/reads unknown signal 'missing'/);
  });
});

describe('generated code', () => {
  it('survives a 5000-deep mux chain and reuses shared subexpressions', () => {
    const t = U(16);
    const sel = ref('sel', t);
    let chain: IrExpr = lit(0, t);
    for (let i = 1; i <= 5000; i++) chain = mux(bin('eq', sel, lit(i, t)), lit(i * 3, t), chain);
    const shared = bin('mul', ref('x', t), ref('x', t));
    const top = irModule('Deep', {
      ports: [input('sel', t), input('x', t), output('o', t), output('p', t), output('q', t)],
      assigns: [assign('o', chain), assign('p', bin('add', shared, shared)), assign('q', bin('xor', shared, lit(1, t)))],
    });
    const sim = compileSim(design(top));
    sim.poke('sel', 4321);
    sim.poke('x', 300);
    expect(sim.peek('o')).toBe(BigInt((4321 * 3) & 0xffff));
    expect(sim.peek('p')).toBe(BigInt((300 * 300 * 2) & 0xffff));
    expect(sim.peek('q')).toBe(BigInt(((300 * 300) & 0xffff) ^ 1));
    // x * x is computed once for p and q in each of the two variants (activity-based, full);
    // the generated code reads x's slot into a local first.
    expect(sim.source.split('Math.imul(')).toHaveLength(3);
    expect(sim.source).toMatch(new RegExp(`Math\\.imul\\((\\$r\\d+), \\1\\)`));
    expect(sim.source).toContain(`= ${slotOf(sim.source, 'x')};`);
  });

  it('splits large designs into several functions, in dependency order', () => {
    const t = U(16);
    const n = 2000;
    // w0 = in, w_i = w_{i-1} + 1, assigns listed backwards so the scheduler has to reorder them.
    const assigns = Array.from({ length: n }, (_, i) => assign(`w${i}`, i === 0 ? ref('in', t) : bin('add', ref(`w${i - 1}`, t), lit(1, t)))).reverse();
    const top = irModule('Long', {
      ports: [input('in', t), output('out', t)],
      wires: Array.from({ length: n }, (_, i) => ({ name: `w${i}`, type: t, loc: 'test' })),
      assigns: [assign('out', ref(`w${n - 1}`, t)), ...assigns],
    });
    const sim = compileSim(design(top));
    sim.poke('in', 5);
    expect(sim.peek('out')).toBe(BigInt(5 + n - 1));
    expect(sim.peek('w1000')).toBe(1005n);
    expect(sim.source).toContain('function $comb3(');
  });

  it('uses sanitized design names as variable names', () => {
    const t = U(4);
    const top = irModule('Names', {
      ports: [input('new', t), input('in', t), output('o', t)],
      assigns: [assign('o', bin('xor', ref('new', t), ref('in', t)))],
    });
    const sim = compileSim(design(top));
    sim.poke('new', 3);
    sim.poke('in', 5);
    expect(sim.peek('o')).toBe(6n);
    for (const name of ['new_', 'in_']) expect(sim.source).toContain(`= ${slotOf(sim.source, name)};`);
    expect(sim.source).toContain(`${slotOf(sim.source, 'o')} = `);
  });
});

/** The state-array slot (`$s[k]`) the generated source lists for a signal's JS name. */
function slotOf(source: string, name: string): string {
  const m = new RegExp(`// (\\$s\\[\\d+\\]) ${name.replace(/\$/g, '\\$')}: `).exec(source);
  if (!m) throw new Error(`no state slot named ${name} in the generated source`);
  return m[1]!;
}
