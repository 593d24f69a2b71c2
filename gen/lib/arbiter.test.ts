import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { elaborate, module, ElaborationError, UInt, Bool } from '../index.ts';
import { RoundRobinArbiter } from './index.ts';
import { cachedSim, portSummary, topOf } from './test-support.ts';
import type { DslSimulator } from '../sim/compile.ts';

// ---- reference model ---------------------------------------------------------------

/** The documented policy with an index pointer: search from p; after granting i with advance, p = i + 1 mod n. */
class ArbiterRef {
  pointer = 0;
  constructor(readonly n: number) {}
  winner(req: bigint): number {
    for (let k = 0; k < this.n; k++) {
      const i = (this.pointer + k) % this.n;
      if ((req >> BigInt(i)) & 1n) return i;
    }
    return -1;
  }
  cycle(req: bigint, advance: boolean): void {
    const w = this.winner(req);
    if (w >= 0 && advance) this.pointer = (w + 1) % this.n;
  }
}

interface Real {
  sim: DslSimulator;
  n: number;
}

function checkGrant(model: ArbiterRef, real: Real, req: bigint, when: string): void {
  const w = model.winner(req);
  const want = { grant: w < 0 ? 0n : 1n << BigInt(w), grant_valid: w < 0 ? 0n : 1n };
  expect({ grant: real.sim.peek('grant'), grant_valid: real.sim.peek('grant_valid') }, `cycle ${real.sim.cycle}, ${when}, pointer ${model.pointer}`).toEqual(
    want,
  );
}

class RequestCmd implements fc.Command<ArbiterRef, Real> {
  constructor(
    readonly req: bigint,
    readonly advance: boolean,
    readonly repeat = 1,
  ) {}
  check = () => true;
  run(model: ArbiterRef, real: Real): void {
    const req = this.req & ((1n << BigInt(real.n)) - 1n);
    for (let k = 0; k < this.repeat; k++) {
      real.sim.poke('req', req);
      real.sim.poke('advance', this.advance ? 1 : 0);
      checkGrant(model, real, req, this.toString());
      real.sim.step();
      model.cycle(req, this.advance);
    }
  }
  toString(): string {
    return `req(0b${this.req.toString(2)}${this.advance ? ', advance' : ''}${this.repeat > 1 ? ` x${this.repeat}` : ''})`;
  }
}

class ResetCmd implements fc.Command<ArbiterRef, Real> {
  check = () => true;
  run(model: ArbiterRef, real: Real): void {
    real.sim.poke('advance', 1);
    real.sim.reset(1);
    model.pointer = 0;
  }
  toString(): string {
    return 'reset';
  }
}

const reqArb = fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.constant((1n << 64n) - 1n), fc.bigInt({ min: 0n, max: 7n }));
const arbiterCommands = fc.commands(
  [
    fc.tuple(reqArb, fc.boolean()).map(([r, a]) => new RequestCmd(r, a)),
    fc.tuple(reqArb, fc.boolean()).map(([r, a]) => new RequestCmd(r, a)),
    fc.tuple(reqArb, fc.integer({ min: 2, max: 20 })).map(([r, k]) => new RequestCmd(r, true, k)),
    fc.constant(new ResetCmd()),
  ],
  { maxCommands: 60 },
);

function runModel(n: number, cmds: Iterable<fc.Command<ArbiterRef, Real>>): void {
  const sim = cachedSim(`arbiter/${n}`, () => RoundRobinArbiter(n));
  sim.poke('req', 0);
  sim.poke('advance', 0);
  sim.reset(1);
  fc.modelRun(() => ({ model: new ArbiterRef(n), real: { sim, n } }), cmds);
}

// ---- elaboration ---------------------------------------------------------------------

describe('RoundRobinArbiter elaboration', () => {
  test.each([1, 2, 4, 5, 12, 64])('RoundRobinArbiter(%i): ports and widths', (n) => {
    const design = elaborate(RoundRobinArbiter(n));
    const top = topOf(design);
    expect(top.name).toBe(`RoundRobinArbiter_n${n}`);
    expect(portSummary(top)).toEqual(['input req ' + n, 'input advance 1', `output grant ${n}`, 'output grant_valid 1']);
    expect(top.regs.map((r) => [r.name, r.type.width, r.reset])).toEqual([['priority_mask', n, 0n]]);
  });

  test('identical instances are emitted once', () => {
    const Two = module('TwoArbiters', {}, (m) => {
      const req = m.input('req', UInt(3));
      const a = m.instance('a', RoundRobinArbiter(3));
      const b = m.instance('b', RoundRobinArbiter(3));
      const c = m.instance('c', RoundRobinArbiter(4));
      a.req.set(req);
      b.req.set(req);
      c.req.set(req);
      for (const x of [a, b, c]) x.advance.set(1);
      m.output('any', Bool()).set(a.grant_valid.and(b.grant_valid).and(c.grant_valid));
    });
    const design = elaborate(Two);
    expect(design.modules.map((x) => x.name)).toEqual(['RoundRobinArbiter_n3', 'RoundRobinArbiter_n4', 'TwoArbiters']);
  });

  test.each([0, -1, 1.5, 1025])('n = %s is an ElaborationError at the caller', (n) => {
    expect(() => RoundRobinArbiter(n)).toThrowError(ElaborationError);
    try {
      RoundRobinArbiter(n);
    } catch (e) {
      expect((e as ElaborationError).problem).toBe(`RoundRobinArbiter: n must be a whole number from 1 to 1024, got ${n}`);
      expect((e as ElaborationError).loc).toMatch(/^gen\/lib\/arbiter\.test\.ts:\d+$/);
    }
  });
});

// ---- simulation ----------------------------------------------------------------------------

describe('RoundRobinArbiter simulation', () => {
  test('everyone requesting with advance: grants rotate 0, 1, ..., n-1, 0, ...', () => {
    const sim = cachedSim('arbiter/5', () => RoundRobinArbiter(5));
    sim.reset(1);
    sim.poke('req', 0b11111);
    sim.poke('advance', 1);
    const order: number[] = [];
    for (let k = 0; k < 12; k++) {
      order.push(sim.peek('grant').toString(2).length - 1);
      sim.step();
    }
    expect(order).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1]);
  });

  test('without advance the same grant is offered again', () => {
    const sim = cachedSim('arbiter/4', () => RoundRobinArbiter(4));
    sim.reset(1);
    sim.poke('req', 0b0110);
    sim.poke('advance', 0);
    for (let k = 0; k < 3; k++) {
      expect(sim.peek('grant')).toBe(0b0010n);
      sim.step();
    }
    sim.poke('advance', 1);
    sim.step();
    expect(sim.peek('grant')).toBe(0b0100n);
    sim.poke('req', 0);
    expect([sim.peek('grant'), sim.peek('grant_valid')]).toEqual([0n, 0n]);
  });

  test('model-based: matches the TypeScript model under random requests (n = 1..12)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), arbiterCommands, (n, cmds) => runModel(n, cmds)),
      { numRuns: 300 },
    );
  });

  test('model-based: wide arbiters (n = 13..64)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 13, max: 64 }), arbiterCommands, (n, cmds) => runModel(n, cmds)),
      { numRuns: 60 },
    );
  });

  test('no starvation: a requester that keeps requesting is granted within n advancing cycles', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }), fc.array(fc.bigInt({ min: 0n, max: (1n << BigInt(n)) - 1n }), { minLength: 1, maxLength: 40 })),
        ),
        ([n, victim, others]) => {
          const sim = cachedSim(`arbiter/${n}`, () => RoundRobinArbiter(n));
          sim.poke('advance', 1);
          sim.reset(1);
          let waited = 0;
          for (const r of others) {
            sim.poke('req', r | (1n << BigInt(victim)));
            const granted = sim.peek('grant') === 1n << BigInt(victim);
            waited = granted ? 0 : waited + 1;
            expect(waited).toBeLessThan(n);
            sim.step();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
