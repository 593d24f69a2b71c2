// Every elaboration error names the problem and the user's file:line.
// Expected lines are found by marker comments in this file, not by the
// mechanism under test.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { module, elaborate, UInt, SInt, Bool, Signal } from '../index.ts';
import { elaborationErrorOf } from '../test-support.ts';

const thisFile = fileURLToPath(import.meta.url);
const source = readFileSync(thisFile, 'utf8').split('\n');
const relFile = relative(process.cwd(), thisFile);

/** "file:line" of the line carrying `// @marker`. */
function at(marker: string): string {
  const index = source.findIndex((l) => l.includes(`// @${marker}`) && !l.includes('at('));
  if (index < 0) throw new Error(`marker ${marker} not found`);
  return `${relFile}:${index + 1}`;
}


describe('elaboration errors name the problem and the file:line', () => {
  it('width mismatch on connect', () => {
    const e = elaborationErrorOf(() =>
      module('WidthMismatch', {}, (m) => {
        const a = m.input('a', UInt(8));
        const y = m.output('y', UInt(8));
        y.set(a.add(1)); // @width
      }),
    );
    expect(e.message).toMatch(/width mismatch: assigning UInt\(9\) to 'y' of type UInt\(8\) would drop 1 bit/);
    expect(e.loc).toBe(at('width'));
  });

  it('signedness mismatch on connect', () => {
    const e = elaborationErrorOf(() =>
      module('SignMismatch', {}, (m) => {
        const a = m.input('a', SInt(8));
        const y = m.output('y', UInt(8));
        y.set(a); // @sign
      }),
    );
    expect(e.message).toMatch(/signedness mismatch/);
    expect(e.loc).toBe(at('sign'));
  });

  it('literal that does not fit', () => {
    const e = elaborationErrorOf(() =>
      module('BigLiteral', {}, (m) => {
        const y = m.output('y', UInt(4));
        y.set(16); // @literal
      }),
    );
    expect(e.message).toMatch(/literal 16 does not fit in UInt\(4\)/);
    expect(e.loc).toBe(at('literal'));
  });

  it('undriven output', () => {
    const e = elaborationErrorOf(() =>
      module('Undriven', {}, (m) => {
        m.output('y', UInt(4)); // @undriven-output
      }),
    );
    expect(e.message).toMatch(/output 'y' in module 'Undriven' is never driven/);
    expect(e.loc).toBe(at('undriven-output'));
  });

  it('undriven wire', () => {
    const e = elaborationErrorOf(() =>
      module('UndrivenWire', {}, (m) => {
        const w = m.wire('w', UInt(4)); // @undriven-wire
        m.output('y', UInt(4)).set(w);
      }),
    );
    expect(e.message).toMatch(/wire 'w' in module 'UndrivenWire' is never driven/);
    expect(e.loc).toBe(at('undriven-wire'));
  });

  it('wire driven only under a condition', () => {
    const e = elaborationErrorOf(() =>
      module('Latch', {}, (m) => {
        const c = m.input('c', Bool());
        const w = m.wire('w', UInt(4)); // @latch
        m.when(c, () => w.set(3));
        m.output('y', UInt(4)).set(w);
      }),
    );
    expect(e.message).toMatch(/wire 'w' .* is driven only under some conditions .*otherwise/);
    expect(e.loc).toBe(at('latch'));
  });

  it('more than one driver: assigning an input port', () => {
    const e = elaborationErrorOf(() =>
      module('DriveInput', {}, (m) => {
        const a = m.input('a', UInt(4));
        a.set(1); // @drive-input
        m.output('y', UInt(4)).set(a);
      }),
    );
    expect(e.message).toMatch(/'a' has more than one driver: it is already driven by the parent module/);
    expect(e.loc).toBe(at('drive-input'));
  });

  it("more than one driver: assigning an instance's output", () => {
    const Child = () =>
      module('Child', {}, (m) => {
        const y = m.output('y', UInt(4));
        y.set(5);
        return { y };
      });
    const e = elaborationErrorOf(() =>
      module('DriveInstanceOutput', {}, (m) => {
        const c = m.instance('c', Child());
        c.y.set(2); // @drive-instance
        m.output('y', UInt(4)).set(c.y);
      }),
    );
    expect(e.message).toMatch(/'c\.y' has more than one driver: it is already driven by instance 'c'/);
    expect(e.loc).toBe(at('drive-instance'));
  });

  it('more than one driver: reassigning a named node', () => {
    const e = elaborationErrorOf(() =>
      module('DriveNode', {}, (m) => {
        const a = m.input('a', UInt(4));
        const n = m.node('n', a.addWrap(1));
        n.set(a); // @drive-node
        m.output('y', UInt(4)).set(n);
      }),
    );
    expect(e.message).toMatch(/'n' has more than one driver: it is already driven by its definition at .*:\d+/);
    expect(e.loc).toBe(at('drive-node'));
  });

  it('combinational loop, listing the signals on it', () => {
    const e = elaborationErrorOf(() =>
      elaborate(
        module('Loop', {}, (m) => {
          const a = m.input('a', UInt(4));
          const p = m.wire('p', UInt(4));
          const q = m.wire('q', UInt(4));
          p.set(q.xor(a)); // @loop
          q.set(p);
          m.output('y', UInt(4)).set(q);
        }),
      ),
    );
    expect(e.message).toMatch(/combinational loop in module 'Loop': (p -> q -> p|q -> p -> q)/);
    expect([at('loop'), at('loop').replace(/\d+$/, (n) => String(Number(n) + 1))]).toContain(e.loc);
  });

  it('combinational loop through an instance', () => {
    const PassThrough = () =>
      module('PassThrough', {}, (m) => {
        const i = m.input('i', UInt(4));
        const o = m.output('o', UInt(4));
        o.set(i);
        return { i, o };
      });
    const e = elaborationErrorOf(() =>
      elaborate(
        module('LoopThroughChild', {}, (m) => {
          const c = m.instance('c', PassThrough()); // @loop-instance
          c.i.set(c.o);
          m.output('y', UInt(4)).set(c.o);
        }),
      ),
    );
    expect(e.message).toMatch(/combinational loop in module 'LoopThroughChild': .*c\.i.*c\.o|c\.o.*c\.i/);
    expect(e.loc).toBe(at('loop-instance'));
  });

  it("read of a signal from another module's inside", () => {
    let inner: Signal | undefined;
    const Inner = () =>
      module('Inner', {}, (m) => {
        const r = m.reg('secret', UInt(4));
        r.set(r.addWrap(1));
        inner = r;
        m.output('y', UInt(4)).set(r);
      });
    const e = elaborationErrorOf(() =>
      module('Outer', {}, (m) => {
        m.instance('i', Inner());
        m.output('y', UInt(4)).set(inner!); // @cross-module
      }),
    );
    expect(e.message).toMatch(/'secret' belongs to module 'Inner' and cannot be read inside module 'Outer'/);
    expect(e.loc).toBe(at('cross-module'));
  });

  it('invalid width: zero or negative', () => {
    const e = elaborationErrorOf(() =>
      module('ZeroWidth', {}, (m) => {
        m.input('a', UInt(0)); // @zero-width
      }),
    );
    expect(e.message).toMatch(/invalid width 0 for UInt/);
    expect(e.loc).toBe(at('zero-width'));
  });

  it('invalid width: over the limit', () => {
    const e = elaborationErrorOf(() =>
      module('HugeWidth', {}, (m) => {
        m.input('a', SInt(100_000)); // @huge-width
      }),
    );
    expect(e.message).toMatch(/invalid width 100000 for SInt: widths must be whole numbers from 1 to 4096/);
    expect(e.loc).toBe(at('huge-width'));
  });

  it('illegal Verilog identifier', () => {
    const e = elaborationErrorOf(() =>
      module('BadName', {}, (m) => {
        m.input('3x', UInt(1)); // @bad-ident
      }),
    );
    expect(e.message).toMatch(/'3x' is not a legal port name/);
    expect(e.loc).toBe(at('bad-ident'));
  });

  it('Verilog keyword as a name', () => {
    const e = elaborationErrorOf(() =>
      module('KeywordName', {}, (m) => {
        const w = m.wire('always', UInt(1)); // @keyword
        w.set(0);
      }),
    );
    expect(e.message).toMatch(/'always' is a Verilog keyword/);
    expect(e.loc).toBe(at('keyword'));
  });

  it('duplicate names', () => {
    const e = elaborationErrorOf(() =>
      module('Dup', {}, (m) => {
        m.input('a', UInt(1));
        m.wire('a', UInt(1)); // @dup
      }),
    );
    expect(e.message).toMatch(/name 'a' is already used in module 'Dup'/);
    expect(e.loc).toBe(at('dup'));
  });

  it('mixed signedness in an expression', () => {
    const e = elaborationErrorOf(() =>
      module('Mixed', {}, (m) => {
        const a = m.input('a', UInt(4));
        const b = m.input('b', SInt(4));
        m.output('y', SInt(6)).set(b.add(a)); // @mixed
      }),
    );
    expect(e.message).toMatch(/operands differ in signedness/);
    expect(e.loc).toBe(at('mixed'));
  });

  it('elsewhen not directly after its when', () => {
    const e = elaborationErrorOf(() =>
      module('Chain', {}, (m) => {
        const c = m.input('c', Bool());
        const y = m.output('y', UInt(2));
        y.set(0);
        const chain = m.when(c, () => y.set(1));
        y.set(2);
        chain.otherwise(() => y.set(3)); // @chain
      }),
    );
    expect(e.message).toMatch(/elsewhen\/otherwise must directly follow its when/);
    expect(e.loc).toBe(at('chain'));
  });
});

describe('named nodes inside when chains', () => {
  it('a node created between when and elsewhen does not break the chain', () => {
    const M = module('NodeInChain', {}, (m) => {
      const a = m.input('a', Bool());
      const b = m.input('b', UInt(2));
      const y = m.output('y', UInt(2));
      y.set(0);
      m.when(a, () => y.set(1)).elsewhen(m.node('b_set', b.orR()), () => y.set(2));
    });
    expect(elaborate(M).modules[0].wires.map((w) => w.name)).toEqual(['b_set']);
  });
});
