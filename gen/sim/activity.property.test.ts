// Property: activity-based evaluation (activity.ts, codegen.ts) never changes
// what the simulator computes. Random sequential designs (wires, registers with
// and without reset, register-to-register cycles, a memory, one to seven instances
// of a submodule whose ports cross scopes both ways, with two registers that read
// each other and an input wired to a neighbour's register in a chain or a ring,
// so that the full variant runs them as one loop over the instances in any of
// its orders and copies: templates.ts; with a wire read only inside and a leaf
// instance inside, and an input wired to the neighbour's comb output, so that the
// full variant's comb loops (comb-templates.ts) run over the submodules, over
// their leaves only, or not at all) run random stimulus in which
// inputs often keep their value, through poke/step, the batch loop in port
// order and in another order (reading internal wires too), and all cycles in one batch, with every block at
// its default size and with every assignment in a block of its own, under a
// random evaluation policy (activity-based, full, or adaptive with chunks short
// enough to switch between the two every few cycles) and generated functions of
// random size (small ones put the boundaries between functions everywhere); each cycle every signal
// must equal an independent cycle-by-cycle evaluation with the BigInt reference
// evaluator.
import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import type { IrExpr, IrMem, IrModule, IrType } from '../ir.ts';
import { compileSim, type DslSimulator, type SimOptions } from './compile.ts';
import { evalExpr } from './reference.ts';
import { MIN_TEMPLATE_INSTANCES } from './templates.ts';
import { MIN_COMB_LOOP_INSTANCES } from './comb-templates.ts';
import { assign, clockPort, design, input, irModule, output, ref, reg, resetPort } from './ir-fixtures.ts';
import { fitTo, genArb, show, toIr, type Gen } from './random-expr.ts';

const WIDTHS = [1, 3, 8, 32, 33, 40];
const widthArb = fc.constantFrom(...WIDTHS);
const U = (width: number): IrType => ({ width, signed: false });

interface Spec {
  inputs: number[];
  /** Parent wires; the instances' inputs are driven from wire `tap` on, their outputs read by the wires after it. */
  wires: { width: number; gen: Gen }[];
  regs: { width: number; gen: Gen; reset: boolean }[];
  tap: number;
  sub: { width: number; y: Gen; u: Gen; v: Gen; q: Gen; p: Gen };
  /**
   * Instances of the submodule, and what feeds each one's `n` input: the previous instance's
   * register, the last one's (a ring), a top input, or the output y of the next instance (a plain
   * copy) or of the previous one (through the top's logic): then no loop over the instances
   * computes y (comb-templates.ts).
   */
  instances: number;
  /** Whether the leaf inside reads n too (else, with n fed by comb outputs, the leaves alone can loop). */
  leafReadsN: boolean;
  topology: 'chain' | 'ring' | 'input' | 'comb-copy' | 'comb';
  /** A top wire that is no output (read by the other wires; hm, its complement, only by the memory): the full variant may keep them in locals only. */
  hidden: { width: number; gen: Gen };
  mem: { wen: Gen; waddr: Gen; wdata: Gen; ren: Gen; raddr: Gen };
  /** Per cycle: which inputs get a new value (the others keep theirs), and the values. */
  stimulus: { change: boolean[]; values: bigint[] }[];
  randomInit: number | null;
  evaluation: NonNullable<SimOptions['evaluation']>;
  functionChars: number | undefined;
  /** The shortest comb loop body (SimOptions.combLoopMinChars): 0 makes a loop of every group that can be one. */
  combLoopMinChars: number | undefined;
  /** Blocks the full variant runs behind gates (SimOptions.coldBlocks; ids past the design's blocks name none). */
  coldBlocks: Set<number> | undefined;
}

/** Any policy; the adaptive ones switch within a few cycles (fullAbove 0 always, 1 almost never). */
const evaluationArb: fc.Arbitrary<Spec['evaluation']> = fc.oneof(
  fc.constantFrom('activity' as const, 'full' as const, 'adaptive' as const),
  fc
    .record({ chunkCycles: fc.integer({ min: 1, max: 3 }), fullChunks: fc.integer({ min: 1, max: 2 }), extra: fc.integer({ min: 0, max: 2 }), fullAbove: fc.constantFrom(0, 0.2, 0.5, 1) })
    .map(({ extra, ...p }) => ({ mode: 'adaptive' as const, ...p, maxFullChunks: p.fullChunks + extra })),
);

/** Random designs run for `cycles`; `coldMask` picks the gated blocks (none, all, or a random half: bit b for block b, repeating every 31 ids). */
const specArbOf = (cycles: fc.Arbitrary<number>, coldMask: fc.Arbitrary<number | null>, evaluation: fc.Arbitrary<Spec['evaluation']>): fc.Arbitrary<Spec> => fc
  .record({
    inputs: fc.array(widthArb, { minLength: 1, maxLength: 4 }),
    wires: fc.array(fc.record({ width: widthArb, gen: genArb }), { minLength: 1, maxLength: 6 }),
    regs: fc.array(fc.record({ width: widthArb, gen: genArb, reset: fc.boolean() }), { minLength: 1, maxLength: 6 }),
    tap: fc.nat(),
    sub: fc.record({ width: widthArb, y: genArb, u: genArb, v: genArb, q: genArb, p: genArb }),
    // MIN_COMB_LOOP_INSTANCES or more make a comb loop, MIN_TEMPLATE_INSTANCES or more a register template: both sides of each line, and more.
    instances: fc.constantFrom(1, 2, MIN_COMB_LOOP_INSTANCES - 1, MIN_COMB_LOOP_INSTANCES, MIN_TEMPLATE_INSTANCES - 1, MIN_TEMPLATE_INSTANCES, MIN_TEMPLATE_INSTANCES, MIN_TEMPLATE_INSTANCES + 1),
    leafReadsN: fc.boolean(),
    topology: fc.constantFrom('chain' as const, 'ring' as const, 'input' as const, 'comb-copy' as const, 'comb' as const),
    hidden: fc.record({ width: widthArb, gen: genArb }),
    mem: fc.record({ wen: genArb, waddr: genArb, wdata: genArb, ren: genArb, raddr: genArb }),
    cycles,
    // Inputs change in every other cycle, or rarely: values that come back after a while.
    changeOneIn: fc.constantFrom(2, 2, 7),
    seed: fc.nat(),
    randomInit: fc.option(fc.nat(), { nil: null }),
    // Characters per generated function: small limits put block boundaries between functions.
    functionChars: fc.constantFrom(undefined, 120, 400, 1500),
    combLoopMinChars: fc.constantFrom(undefined, 0),
    evaluation,
    coldMask,
  })
  .map(({ cycles, seed, coldMask, changeOneIn, ...s }) => {
    const coldBlocks = coldMask === null ? undefined : new Set(Array.from({ length: 200 }, (_, b) => b).filter((b) => coldMask === -1 || (coldMask >> (b % 31)) & 1));
    let x = seed + 1;
    // The LCG's high bits: its low bit only alternates.
    const rand = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), x >>> 8);
    const value = (w: number) => BigInt.asUintN(w, (BigInt(rand()) << 32n) | BigInt(rand()));
    const stimulus = Array.from({ length: cycles }, () => ({
      change: [...s.inputs, 1].map(() => rand() % changeOneIn === 0),
      values: [...s.inputs.map(value), rand() % 4 === 0 ? 1n : 0n],
    }));
    return { ...s, tap: s.tap % s.wires.length, stimulus, coldBlocks };
  });

const coldMaskArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const specArb = specArbOf(fc.integer({ min: 2, max: 24 }), fc.oneof(fc.constant(null), fc.constant(-1), coldMaskArb), evaluationArb);
/**
 * Long runs with gated blocks under adaptive policies that switch every few cycles: values that
 * activity-based code computed, then full evaluation behind gates whose inputs came back to
 * the copies (a gate must not trust what the other variant left behind).
 */
const longGatedSpecArb = specArbOf(fc.integer({ min: 100, max: 300 }), fc.oneof(fc.constant(-1), coldMaskArb), evaluationArb.filter((e) => typeof e === 'object'));

const MEM_WIDTH = 8;
const MEM_DEPTH = 5; // not a power of two: addresses past the end are read as 0 and not written

const xor = (a: IrExpr, b: IrExpr): IrExpr => ({ kind: 'binary', op: 'xor', a, b, type: a.type });
const or = (a: IrExpr, b: IrExpr): IrExpr => ({ kind: 'binary', op: 'or', a, b, type: a.type });

/** An expression for `gen` whose leaves read the named signals (chosen by the leaf's raw bits). */
function build(gen: Gen, signals: { name: string; width: number }[], width: number): IrExpr {
  const leaf = (g: Extract<Gen, { kind: 'leaf' }>) => {
    const s = signals[Number(g.raw % BigInt(signals.length))];
    return fitTo(ref(s.name, U(s.width)), { width: g.width, signed: g.signed });
  };
  return fitTo(toIr(gen, [], leaf), U(width));
}

function makeDesign(spec: Spec) {
  const ins = spec.inputs.map((w, i) => ({ name: `in${i}`, width: w }));
  const regs = spec.regs.map((r, i) => ({ name: `r${i}`, width: r.width }));
  const wires = spec.wires.map((w, i) => ({ name: `w${i}`, width: w.width }));
  const K = spec.instances;
  const subOut = Array.from({ length: K }, (_, k) => ({ name: `y${k}`, width: spec.sub.width }));
  const ysum = { name: 'ysum', width: spec.sub.width };
  // z<k>: instance k's register q, read by the top's logic (a reader outside the instances).
  const subRegs = Array.from({ length: K }, (_, k) => ({ name: `z${k}`, width: spec.sub.width }));
  const memData = { name: 'm_q', width: MEM_WIDTH };
  const state = [...ins, ...regs, memData, ...subRegs];

  // Submodule: a leaf inside computes v = d(a ^ q ^ n) (or d(a ^ q)); u = e(a, q, n) ^ v (read only inside),
  // y = f(a, q) ^ u, q' = g(a, q, n, p), p' = h(q, a) (q and p read each other).
  const sw = spec.sub.width;
  const [a, q, n, p, x] = ['a', 'q', 'n', 'p', 'x'].map((name) => ({ name, width: sw }));
  const leaf = irModule('Leaf', { ports: [input('x', U(sw)), output('v', U(sw))], assigns: [assign('v', build(spec.sub.v, [x], sw))] });
  const sub = irModule('Sub', {
    ports: [clockPort, resetPort, input('a', U(sw)), input('n', U(sw)), output('y', U(sw)), output('qo', U(sw))],
    instances: [{ name: 'leaf', module: 'Leaf', inputs: { x: spec.leafReadsN ? xor(xor(ref('a', U(sw)), ref('q', U(sw))), ref('n', U(sw))) : xor(ref('a', U(sw)), ref('q', U(sw))) }, loc: 'test' }],
    // The xors make sure q reads p and n, and p reads q, whatever the random parts read.
    regs: [
      reg('q', U(sw), xor(xor(build(spec.sub.q, [a, q, n, p], sw), ref('p', U(sw))), ref('n', U(sw))), 1n),
      reg('p', U(sw), xor(build(spec.sub.p, [q, a], sw), ref('q', U(sw)))),
    ],
    wires: [{ name: 'u', type: U(sw), loc: 'test' }],
    assigns: [assign('u', xor(build(spec.sub.u, [a, q, n], sw), ref('leaf.v', U(sw)))), assign('y', xor(build(spec.sub.y, [a, q], sw), ref('u', U(sw)))), assign('qo', ref('q', U(sw)))],
  });
  const neighbour = (k: number): IrExpr => {
    const j = spec.topology === 'ring' ? (k + K - 1) % K : spec.topology === 'comb-copy' ? k + 1 : k - 1;
    const in0 = fitTo(ref('in0', U(ins[0].width)), U(sw));
    if (spec.topology === 'input' || j < 0 || j >= K) return in0;
    if (spec.topology === 'comb-copy') return ref(`s${j}.y`, U(sw));
    if (spec.topology === 'comb') return xor(ref(`s${j}.y`, U(sw)), in0);
    return ref(`s${j}.qo`, U(sw));
  };
  const neighbours = Array.from({ length: K }, (_, k) => neighbour(k));

  const hidden = { name: 'h', width: spec.hidden.width };
  const hiddenExpr = build(spec.hidden.gen, state, hidden.width);
  const memHidden = { name: 'hm', width: MEM_WIDTH };
  const memHiddenExpr = fitTo({ kind: 'unary', op: 'not', a: hiddenExpr, type: hiddenExpr.type }, U(MEM_WIDTH));
  const wireExprs = spec.wires.map((w, i) => build(w.gen, [...state, hidden, ...wires.slice(0, i), ...(i > spec.tap ? subOut : [])], w.width));
  const all = [...state, ...wires, ...subOut];
  const regExprs = spec.regs.map((r) => build(r.gen, all, r.width));
  const memExpr = (g: Gen, width: number) => build(g, all, width);
  const mem: IrMem = {
    name: 'm',
    type: U(MEM_WIDTH),
    depth: MEM_DEPTH,
    loc: 'test',
    readPorts: [{ name: 'm_q', addr: memExpr(spec.mem.raddr, 3), en: memExpr(spec.mem.ren, 1), loc: 'test' }],
    // The write data also reads hm, a wire nothing else reads; in0's low bit enables a write too (every other cycle).
    writePorts: [{ addr: memExpr(spec.mem.waddr, 3), data: xor(memExpr(spec.mem.wdata, MEM_WIDTH), ref('hm', U(MEM_WIDTH))), en: or(memExpr(spec.mem.wen, 1), fitTo(ref('in0', U(ins[0].width)), U(1))), loc: 'test' }],
  } as IrMem;
  const tapped = ref(`w${spec.tap}`, U(wires[spec.tap].width));
  const top: IrModule = irModule('Top', {
    // Every wire and every piece of state is also a top output (the batch loop reads outputs only).
    // The instances' outputs y only through ysum: a loop over them must store y for its readers.
    ports: [clockPort, resetPort, ...ins.map((s) => input(s.name, U(s.width))), ...[...wires, ysum, ...subRegs, ...regs, memData].map((s) => output(`o_${s.name}`, U(s.width)))],
    wires: [hidden, memHidden, ...wires, ...subOut, ysum, ...subRegs].map((s) => ({ name: s.name, type: U(s.width), loc: 'test' })),
    regs: spec.regs.map((r, i) => reg(`r${i}`, U(r.width), regExprs[i], r.reset ? 5n & ((1n << BigInt(r.width)) - 1n) : undefined)),
    mems: [mem],
    instances: subOut.map((_, k) => ({
      name: `s${k}`,
      module: 'Sub',
      // Odd instances read the complement of the even ones' input, so that they differ.
      inputs: { a: fitTo(k % 2 === 0 ? tapped : { kind: 'unary', op: 'not', a: tapped, type: tapped.type }, U(sw)), n: neighbours[k] },
      loc: 'test',
    })),
    assigns: [
      assign('h', hiddenExpr),
      assign('hm', memHiddenExpr),
      ...wireExprs.map((e, i) => assign(`w${i}`, e)),
      ...[...wires, ysum, ...subRegs, ...regs, memData].map((s) => assign(`o_${s.name}`, ref(s.name, U(s.width)))),
      assign('ysum', subOut.map((y) => ref(y.name, U(sw))).reduce(xor)),
      ...subOut.map((_, k) => assign(`y${k}`, ref(`s${k}.y`, U(sw)))),
      ...subOut.map((_, k) => assign(`z${k}`, ref(`s${k}.qo`, U(sw)))),
    ],
  });
  return { ir: design(leaf, sub, top), ins, hiddenExpr, memHiddenExpr, wireExprs, regExprs, mem, sub, leaf, neighbours };
}

/** The design evaluated cycle by cycle from its description: values by hierarchical name. */
class Reference {
  readonly v = new Map<string, bigint>();
  readonly words: bigint[] = new Array(MEM_DEPTH).fill(0n);
  constructor(
    private readonly spec: Spec,
    private readonly d: ReturnType<typeof makeDesign>,
  ) {}

  private read = (prefix: string) => (name: string) => {
    const x = this.v.get(prefix + name);
    if (x === undefined) throw new Error(`reference: no value for ${prefix}${name}`);
    return x;
  };

  settle(): void {
    const top = this.read('');
    const { wireExprs, sub, neighbours } = this.d;
    const sw = this.spec.sub.width;
    const [subU, subY] = sub.assigns.map((a) => a.expr);
    const leafV = this.d.leaf.assigns[0].expr;
    const K = this.spec.instances;
    const combChain = this.spec.topology === 'comb' || this.spec.topology === 'comb-copy';
    // What depends on registers and inputs only: each instance's q as seen outside, its n.
    for (let k = 0; k < K; k++) {
      this.v.set(`s${k}.qo`, this.v.get(`s${k}.q`)!);
      this.v.set(`z${k}`, this.v.get(`s${k}.q`)!);
    }
    if (!combChain) neighbours.forEach((e, k) => this.v.set(`s${k}.n`, evalExpr(e, top)));
    this.v.set('h', evalExpr(this.d.hiddenExpr, top));
    this.v.set('hm', evalExpr(this.d.memHiddenExpr, top));
    wireExprs.forEach((e, i) => {
      this.v.set(`w${i}`, evalExpr(e, top));
      if (i !== this.spec.tap) return;
      const tapped = this.v.get(`w${i}`)!;
      // Instance by instance, each after the one whose y it reads.
      for (const k of Array.from({ length: K }, (_, i) => (this.spec.topology === 'comb-copy' ? K - 1 - i : i))) {
        const t = BigInt.asUintN(this.spec.wires[i].width, k % 2 === 0 ? tapped : ~tapped);
        this.v.set(`s${k}.a`, BigInt.asUintN(sw, t));
        if (combChain) this.v.set(`s${k}.n`, evalExpr(neighbours[k], top)); // reads y of the instance computed before
        this.v.set(`s${k}.leaf.x`, this.v.get(`s${k}.a`)! ^ this.v.get(`s${k}.q`)! ^ (this.spec.leafReadsN ? this.v.get(`s${k}.n`)! : 0n));
        this.v.set(`s${k}.leaf.v`, evalExpr(leafV, this.read(`s${k}.leaf.`)));
        this.v.set(`s${k}.u`, evalExpr(subU, this.read(`s${k}.`)));
        this.v.set(`s${k}.y`, evalExpr(subY, this.read(`s${k}.`)));
        this.v.set(`y${k}`, this.v.get(`s${k}.y`)!);
      }
      this.v.set('ysum', Array.from({ length: K }, (_, k) => this.v.get(`y${k}`)!).reduce((x, y) => x ^ y));
    });
  }

  edge(): void {
    const top = this.read('');
    const reset = this.v.get('reset')!;
    const regs = this.d.regExprs.map((e, i) => (reset && this.spec.regs[i].reset ? BigInt.asUintN(this.spec.regs[i].width, 5n) : evalExpr(e, top)));
    const [subQ, subP] = this.d.sub.regs.map((r) => r.next);
    const ks = Array.from({ length: this.spec.instances }, (_, k) => k);
    const qs = ks.map((k) => (reset ? 1n : evalExpr(subQ, this.read(`s${k}.`))));
    const ps = ks.map((k) => evalExpr(subP, this.read(`s${k}.`)));
    const [rp] = this.d.mem.readPorts;
    const [wp] = this.d.mem.writePorts;
    const raddr = Number(evalExpr(rp.addr, top));
    const memQ = evalExpr(rp.en, top) ? (raddr < MEM_DEPTH ? this.words[raddr] : 0n) : this.v.get('m_q')!;
    const waddr = Number(evalExpr(wp.addr, top));
    if (evalExpr(wp.en, top) && waddr < MEM_DEPTH) this.words[waddr] = evalExpr(wp.data, top);
    regs.forEach((x, i) => this.v.set(`r${i}`, x));
    qs.forEach((x, k) => this.v.set(`s${k}.q`, x));
    ps.forEach((x, k) => this.v.set(`s${k}.p`, x));
    this.v.set('m_q', memQ);
  }
}

/** poke/step per cycle; one runRows call per cycle (port order, or reversed); one runRows call for all cycles. */
type Drive = 'poke' | 'rows' | 'rows-reordered' | 'batch';

function check(spec: Spec, blockNodes: number | undefined, drive: Drive): void {
  const d = makeDesign(spec);
  const sim: DslSimulator = compileSim(d.ir, { ...(spec.randomInit !== null ? { randomInit: spec.randomInit } : {}), blockNodes, evaluation: spec.evaluation, functionChars: spec.functionChars, combLoopMinChars: spec.combLoopMinChars, coldBlocks: spec.coldBlocks });
  const ref = new Reference(spec, d);
  // Start state: whatever the simulator starts from (zero, or randomInit's values).
  const instances = Array.from({ length: spec.instances }, (_, k) => `s${k}`);
  for (const name of ['m_q', ...spec.regs.map((_, i) => `r${i}`), ...instances.flatMap((s) => [`${s}.q`, `${s}.p`])]) ref.v.set(name, sim.peek(name));
  const inputNames = [...d.ins.map((s) => s.name), 'reset'];
  const widths = [...d.ins.map((s) => s.width), 1];
  inputNames.forEach((n) => ref.v.set(n, 0n));
  const observed = [
    ...inputNames,
    'h',
    'ysum',
    ...spec.wires.map((_, i) => `w${i}`),
    ...spec.wires.map((_, i) => `o_w${i}`),
    ...instances.flatMap((s, k) => [`y${k}`, `z${k}`, `${s}.a`, `${s}.n`, `${s}.leaf.x`, `${s}.leaf.v`, `${s}.u`, `${s}.y`, `${s}.q`, `${s}.p`]),
    'm_q',
    ...spec.regs.map((_, i) => `r${i}`),
  ];
  const ports = sim.signals().filter((s) => s.pokeable || (s.kind === 'output' && !s.name.includes('.')));
  const topIns = ports.filter((s) => s.pokeable).map((s) => s.index);
  const topOuts = ports.filter((s) => s.kind === 'output').map((s) => s.index);
  const byIndex = new Map(sim.signals().filter((s) => !s.name.includes('.')).map((s) => [s.index, s.name]));
  const outWidths = topOuts.map((i) => sim.signals().find((s) => s.index === i)!.width);
  const batchRows: bigint[][] = [];
  const batchWant: bigint[][] = [];

  spec.stimulus.forEach((cycle, c) => {
    cycle.change.forEach((change, k) => change && ref.v.set(inputNames[k], BigInt.asUintN(widths[k], cycle.values[k])));
    ref.settle();
    if (drive === 'batch') {
      batchRows.push(topIns.map((i) => ref.v.get(byIndex.get(i)!)!));
      batchWant.push(topOuts.map((i) => ref.v.get(byIndex.get(i)!.slice(2))!));
    } else if (drive === 'poke') {
      inputNames.forEach((n) => sim.poke(n, ref.v.get(n)!));
      for (const name of observed) {
        const want = ref.v.get(name.startsWith('o_') ? name.slice(2) : name)!;
        if (sim.peek(name) !== want) expect(sim.peek(name), `cycle ${c}: ${name}\n${listing(d)}`).toBe(want);
      }
      sim.step();
    } else {
      // One row: inputs in port order (the unrolled loop), or reversed (the general one, which
      // also reads the top's wires: values the full variant may keep in locals only).
      const order = drive === 'rows' ? topIns : [...topIns].reverse();
      const outs = drive === 'rows' ? topOuts : [...topOuts, sim.portIndex('h'), ...spec.wires.map((_, i) => sim.portIndex(`w${i}`))].reverse();
      const row = order.map((i) => ref.v.get(byIndex.get(i)!)!);
      const columns = outs.map(() => new Float64Array(1));
      const wide: (bigint | undefined)[] = [];
      const outWidths = outs.map((i) => sim.signals().find((s) => s.index === i)!.width);
      sim.runRows([row], order, outs, outWidths, columns, wide);
      outs.forEach((i, k) => {
        const name = byIndex.get(i)!;
        const got = outWidths[k] > 52 ? wide[outWidths.slice(0, k).filter((w) => w > 52).length]! : BigInt(columns[k]![0]!);
        const want = ref.v.get(name.startsWith('o_') ? name.slice(2) : name)!;
        if (got !== want) expect(got, `cycle ${c}: ${name}\n${listing(d)}`).toBe(want);
      });
    }
    ref.edge();
  });
  if (drive !== 'batch') return;
  // Every cycle in one call: the policy switches variants inside it.
  const columns = topOuts.map(() => new Float64Array(batchRows.length));
  const wide: (bigint | undefined)[] = [];
  sim.runRows(batchRows, topIns, topOuts, outWidths, columns, wide);
  batchWant.forEach((want, c) =>
    want.forEach((w, k) => {
      const got = outWidths[k] > 52 ? wide[c * outWidths.filter((w) => w > 52).length + outWidths.slice(0, k).filter((w) => w > 52).length]! : BigInt(columns[k]![c]!);
      if (got !== w) expect(got, `cycle ${c}: ${byIndex.get(topOuts[k])}\n${listing(d)}`).toBe(w);
    }),
  );
}

function listing(d: ReturnType<typeof makeDesign>): string {
  return [...d.wireExprs.map((e, i) => `w${i} = ${show(e)}`), ...d.regExprs.map((e, i) => `r${i}' = ${show(e)}`)].join('\n');
}

/** Designs the full variant's loops run over (enough instances, full evaluation at least some of the time). */
const loopSpecArb: fc.Arbitrary<Spec> = fc
  .tuple(specArb, fc.constantFrom(MIN_COMB_LOOP_INSTANCES, MIN_TEMPLATE_INSTANCES, MIN_TEMPLATE_INSTANCES + 1), fc.oneof(fc.constant('full' as const), evaluationArb))
  .map(([spec, instances, evaluation]) => ({ ...spec, instances, evaluation, combLoopMinChars: 0 }));

describe('activity-based evaluation computes what a full evaluation computes', () => {
  for (const drive of ['rows', 'batch'] as Drive[]) {
    test.prop([loopSpecArb], { numRuns: 80 })(`random designs with loops over instances, ${drive}`, (spec) => check(spec, undefined, drive));
  }
  for (const drive of ['poke', 'rows', 'rows-reordered', 'batch'] as Drive[]) {
    test.prop([specArb], { numRuns: 60 })(`random designs, default blocks, ${drive}`, (spec) => check(spec, undefined, drive));
    test.prop([specArb], { numRuns: 60 })(`random designs, one assignment per block, ${drive}`, (spec) => check(spec, 1, drive));
  }
  for (const drive of ['poke', 'rows'] as Drive[]) {
    test.prop([longGatedSpecArb], { numRuns: 40 })(`long runs with gated cold blocks, switching variants, ${drive}`, (spec) => check(spec, undefined, drive));
  }
});
