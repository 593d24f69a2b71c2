// The passes: dedup, constant folding, dead-wire removal, node statistics.
import { describe, expect, it } from 'vitest';
import { module, elaborate, UInt, SInt, Bool, lit, type IrExpr } from '../index.ts';
import { Counter, CounterPair } from '../examples/counter.ts';
import { SystolicArray } from '../examples/systolic.ts';
import { countIrNodes } from './stats.ts';
import { emitVerilog } from '../emit/verilog.ts';
import { compileSim } from '../sim/compile.ts';
import { structuralKey } from './dedup.ts';

describe('dedup', () => {
  it('emits structurally identical modules with identical parameters once', () => {
    const d = elaborate(CounterPair(4));
    expect(d.modules.map((m) => m.name)).toEqual(['Counter_width4', 'CounterPair_width4']);
    const top = d.modules[1];
    expect(top.instances.map((i) => `${i.name}:${i.module}`)).toEqual(['a:Counter_width4', 'b:Counter_width4']);
  });

  it('keeps different parameterisations apart', () => {
    const Two = module('Two', {}, (m) => {
      const x = m.instance('x', Counter(3));
      const y = m.instance('y', Counter(5));
      for (const c of [x, y]) {
        c.en.set(1);
        c.clear.set(0);
      }
      m.output('out', UInt(8)).set(x.count.add(y.count));
    });
    expect(elaborate(Two).modules.map((m) => m.name)).toEqual(['Counter_width3', 'Counter_width5', 'Two']);
  });

  it('renames different modules that collide on a name', () => {
    const Variant = (k: number) =>
      module('Variant', {}, (m) => {
        const y = m.output('y', UInt(4));
        y.set(k);
        return { y };
      });
    const Top = module('Top', {}, (m) => {
      const a = m.instance('a', Variant(1));
      const b = m.instance('b', Variant(2));
      m.output('y', UInt(5)).set(a.y.add(b.y));
    });
    const d = elaborate(Top);
    expect(d.modules.map((m) => m.name)).toEqual(['Variant', 'Variant_v2', 'Top']);
    expect(d.modules[2].instances.map((i) => i.module)).toEqual(['Variant', 'Variant_v2']);
  });

  it('ignores source locations when comparing structure', () => {
    const a = Counter(6).ir;
    const b = Counter(6).ir;
    expect(structuralKey(a)).toBe(structuralKey({ ...b, loc: 'elsewhere.ts:1' }));
  });
});

describe('constant folding and dead wires', () => {
  it('folds constant expressions and removes unread wires', () => {
    const M = module('Fold', {}, (m) => {
      const a = m.input('a', UInt(8));
      const k = lit(200, UInt(8)).add(lit(100, UInt(8))); // 300, 9 bits
      m.wire('unused', UInt(9), a.add(1));
      m.output('y', UInt(10)).set(a.add(k.trunc(9)));
      m.output('z', SInt(5)).set(lit(-3, SInt(4)).sub(lit(5, SInt(4))));
    });
    const d = elaborate(M);
    const mod = d.modules[0];
    expect(mod.wires.map((w) => w.name)).toEqual([]);
    const y = mod.assigns.find((x) => x.target === 'y')!.expr;
    const consts: bigint[] = [];
    const visit = (e: IrExpr) => {
      if (e.kind === 'const') consts.push(e.value);
      if ('a' in e && e.a) visit(e.a);
      if ('b' in e && e.b) visit(e.b);
    };
    visit(y);
    expect(consts).toContain(300n);
    const z = mod.assigns.find((x) => x.target === 'z')!.expr;
    expect(z).toMatchObject({ kind: 'const', value: 0b11000n }); // -8 in 5 bits
  });

  it('keeps everything with folding and dead-wire removal turned off', () => {
    const M = module('NoFold', {}, (m) => {
      const a = m.input('a', UInt(8));
      m.wire('unused', UInt(9), a.add(1));
      m.output('y', UInt(9)).set(a.add(lit(1, UInt(1))));
    });
    const d = elaborate(M, { fold: false, removeDead: false });
    expect(d.modules[0].wires.map((w) => w.name)).toEqual(['unused']);
  });
});

describe('when lowering', () => {
  it('turns conditional register updates into hold muxes', () => {
    const d = elaborate(Counter(4));
    const reg = d.modules[0].regs[0];
    expect(reg.name).toBe('value');
    expect(reg.reset).toBe(0n);
    expect(reg.next.kind).toBe('mux');
  });

  it('implicit clock and reset appear only when needed', () => {
    const Comb = module('Comb', {}, (m) => {
      m.output('y', Bool()).set(m.input('a', Bool()).not());
    });
    const NoReset = module('NoReset', {}, (m) => {
      const r = m.reg('r', Bool());
      r.set(m.input('a', Bool()));
      m.output('y', Bool()).set(r);
    });
    expect(Comb.ir.ports.map((p) => p.name)).toEqual(['y', 'a']); // declaration order
    expect(NoReset.ir.ports.map((p) => p.name)).toEqual(['clock', 'a', 'y']);
    expect(Counter(2).ir.ports.map((p) => p.name)).toEqual(['clock', 'reset', 'en', 'clear', 'count']);
  });
});

describe('statistics', () => {
  it('counts IR nodes, growing with the design', () => {
    const small = countIrNodes(elaborate(SystolicArray(2, 2, 4, true)));
    const large = countIrNodes(elaborate(SystolicArray(4, 4, 4, true)));
    expect(small).toBeGreaterThan(50);
    expect(large).toBeGreaterThan(3 * small);
  });
});

describe('folding edge cases', () => {
  it('sign-extends an unsigned constant by its top bit', () => {
    const M = module('SextConst', {}, (m) => {
      m.output('y', UInt(4)).set(lit(3, UInt(2)).sext(4));
    });
    expect(elaborate(M).modules[0].assigns[0].expr).toMatchObject({ kind: 'const', value: 15n });
  });

  it('a register that is never assigned holds its value', () => {
    const M = module('Idle', {}, (m) => {
      const r = m.reg('r', UInt(4), { reset: 9 });
      m.output('y', UInt(4)).set(r);
    });
    expect(elaborate(M).modules[0].regs[0].next).toMatchObject({ kind: 'ref', name: 'r' });
  });

  it('the hierarchical systolic array elaborates with one MacCell module', () => {
    const d = elaborate(SystolicArray(3, 3, 4));
    expect(d.modules.map((m) => m.name)).toEqual(['MacCell_width4_accWidth16', 'SystolicArray_rows3_cols3_width4_flat0']);
  });
});

describe('deep expression chains', () => {
  it('elaborates, emits and simulates a 20000-deep adder chain (no stack overflow)', () => {
    const Chain = module('Chain', {}, (m) => {
      const a = m.input('a', UInt(8));
      let acc = a;
      for (let i = 0; i < 20000; i++) acc = acc.addWrap(i & 255);
      m.output('y', UInt(8)).set(acc);
    });
    const design = elaborate(Chain);
    expect(emitVerilog(design).files[0].text).toMatch(/assign y =/);
    const sim = compileSim(design);
    sim.poke('a', 7);
    let expected = 7;
    for (let i = 0; i < 20000; i++) expected = (expected + (i & 255)) & 255;
    expect(sim.peek('y')).toBe(BigInt(expected));
  });
});
