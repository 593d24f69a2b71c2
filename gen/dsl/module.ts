// The module builder: the `m` a generator's body receives. It records
// declarations and statements, then produces one IrModule.
import type { IrExpr, IrInstance, IrMem, IrModule, IrPort, IrReg, IrType, IrWire, ParamValue } from '../ir.ts';
import { fail, userLoc } from './errors.ts';
import { checkName } from './names.ts';
import { GroundType, HwType, implicitPorts, leafName, leaves, checkWidth, Flip, VecType, BundleType } from './types.ts';
import { Signal, SignalLike, SignalOwner, constExpr, exprOf, extend, setActiveOwner, toBigInt, useIn, describe } from './signal.ts';
import { isPartial, lowerBlock, Lowered, Stmt, WhenStmt } from './when.ts';

/** The value a declaration returns: a Signal for ground types, arrays and objects of them for aggregates. */
export type Value<T> = T extends GroundType
  ? Signal
  : T extends VecType<infer E>
    ? Value<E>[]
    : T extends BundleType<infer F>
      ? { [K in keyof F]: F[K] extends Flip<infer G> ? Value<G> : Value<F[K]> }
      : never;

/** An elaborated module: its IR, the children it instantiates, and the shape of its ports. */
export interface ModuleDef<IO = unknown> {
  readonly ir: IrModule;
  readonly children: ModuleDef[];
  /** What the body returned (its ports), used to shape instance handles. */
  readonly io: IO;
  readonly needsClock: boolean;
  readonly needsReset: boolean;
}

interface TargetInfo {
  kind: 'wire' | 'output' | 'reg' | 'instance-input';
  type: IrType;
  loc: string;
}

/** Build a value of `type` whose ground leaves come from `make(leafName, leaf)`. */
function shape<T extends HwType>(type: T, base: string, make: (name: string, leafType: GroundType, flipped: boolean) => Signal): Value<T> {
  const build = (t: HwType, path: (string | number)[], flipped: boolean): unknown => {
    switch (t.kind) {
      case 'ground':
        return make(leafName(base, path), t, flipped);
      case 'vec':
        return Array.from({ length: t.length }, (_, i) => build(t.element, [...path, i], flipped));
      case 'bundle':
        return Object.fromEntries(
          Object.entries(t.fields).map(([k, f]) =>
            f instanceof Flip ? [k, build(f.type, [...path, k], !flipped)] : [k, build(f as HwType, [...path, k], flipped)],
          ),
        );
    }
  };
  return build(type, [], false) as Value<T>;
}

function irType(t: GroundType): IrType {
  return { width: t.width, signed: t.signed };
}

export interface RegOptions {
  /** Value on synchronous reset; omit for a register without reset. */
  reset?: number | bigint | boolean;
}

export interface MemOptions {
  init?: (number | bigint)[];
}

/** A synchronous memory; ports are added with read() and write(). */
export class Mem {
  constructor(
    private readonly builder: ModuleBuilder,
    readonly ir: IrMem,
  ) {}
  /** A synchronous read port: `name` holds mem[addr] from the clock edge after a cycle with en (and the when-condition). */
  read(name: string, addr: Signal, en: SignalLike = true): Signal {
    return this.builder.memRead(this, name, addr, en);
  }
  /** A synchronous write port, active when en and the enclosing when-conditions hold. */
  write(addr: Signal, data: SignalLike, en: SignalLike = true): void {
    this.builder.memWrite(this, addr, data, en);
  }
}

/** Chains elsewhen/otherwise onto a when. */
export class WhenChain {
  constructor(
    private readonly builder: ModuleBuilder,
    private readonly root: WhenStmt,
    private readonly tail: WhenStmt,
    private readonly block: Stmt[],
  ) {}
  elsewhen(cond: SignalLike, body: () => void): WhenChain {
    const next = this.builder.branchElse(this.root, this.tail, this.block, (elseBlock) =>
      this.builder.whenIn(elseBlock, cond, body),
    );
    return new WhenChain(this.builder, this.root, next, this.block);
  }
  otherwise(body: () => void): void {
    this.builder.branchElse(this.root, this.tail, this.block, () => {
      body();
      return this.tail;
    });
  }
}

/** switch(sel).is(v, body).is([v1, v2], body).default(body) */
export class SwitchChain {
  private chain?: WhenChain;
  constructor(
    private readonly builder: ModuleBuilder,
    private readonly selector: Signal,
  ) {}
  is(values: SignalLike | SignalLike[], body: () => void): SwitchChain {
    const list = Array.isArray(values) ? values : [values];
    if (list.length === 0) fail('switch.is() needs at least one value');
    const cond = list.map((v) => this.selector.eq(v)).reduce((a, b) => a.or(b));
    this.chain = this.chain ? this.chain.elsewhen(cond, body) : this.builder.when(cond, body);
    return this;
  }
  default(body: () => void): void {
    if (!this.chain) fail('switch.default() needs at least one is() before it');
    this.chain.otherwise(body);
  }
}

export class ModuleBuilder implements SignalOwner {
  private readonly ports: IrPort[] = [];
  private readonly wires: IrWire[] = [];
  private readonly regs: (Omit<IrReg, 'next'> & { next?: IrExpr })[] = [];
  private readonly mems: IrMem[] = [];
  private readonly instances: { ir: IrInstance; def: ModuleDef }[] = [];
  private readonly targets = new Map<string, TargetInfo>();
  private readonly names = new Map<string, string>(); // name -> loc of its declaration
  private readonly body: Stmt[] = [];
  /** Named nodes: assigned once, unconditionally. */
  private readonly nodeValues = new Map<string, IrExpr>();
  /** Where each target was last assigned (the locator of its IR assignment). */
  private readonly assignedAt = new Map<string, string>();
  private blockStack: Stmt[][] = [this.body];
  /** Conditions of the enclosing when-branches (for memory port enables). */
  private pathConds: IrExpr[] = [];
  private usesClock = false;
  private usesReset = false;
  private finished = false;

  constructor(readonly name: string) {}

  // ---- declarations --------------------------------------------------------

  private claim(name: string, what: string, loc: string): void {
    checkName(name, what);
    const previous = this.names.get(name);
    if (previous) fail(`${what} name '${name}' is already used in module '${this.name}' (declared at ${previous})`, loc);
    this.names.set(name, loc);
  }

  private open(): void {
    if (this.finished) fail(`module '${this.name}' is already elaborated: declare signals inside its body`);
  }

  input<T extends HwType>(name: string, type: T): Value<T> {
    return this.port(name, type, 'input');
  }

  output<T extends HwType>(name: string, type: T): Value<T> {
    return this.port(name, type, 'output');
  }

  private port<T extends HwType>(name: string, type: T, dir: 'input' | 'output'): Value<T> {
    this.open();
    const loc = userLoc();
    checkName(name, 'port');
    return shape(type, name, (leaf, t, flipped) => {
      const leafDir = flipped ? (dir === 'input' ? 'output' : 'input') : dir;
      this.claim(leaf, 'port', loc);
      this.ports.push({ name: leaf, dir: leafDir, type: irType(t), loc });
      const ref: IrExpr = { kind: 'ref', name: leaf, type: irType(t) };
      if (leafDir === 'input') return new Signal(ref, this, undefined, `the parent module (it is input port '${leaf}')`);
      this.targets.set(leaf, { kind: 'output', type: irType(t), loc });
      return new Signal(ref, this, { kind: 'output', name: leaf, loc });
    });
  }

  /** A wire; give `init` to drive it right away (later .set() calls override, last connect wins). */
  wire<T extends HwType>(name: string, type: T, init?: SignalLike): Value<T> {
    this.open();
    const loc = userLoc();
    const value = shape(type, name, (leaf, t) => {
      this.claim(leaf, 'wire', loc);
      this.wires.push({ name: leaf, type: irType(t), loc });
      this.targets.set(leaf, { kind: 'wire', type: irType(t), loc });
      return new Signal({ kind: 'ref', name: leaf, type: irType(t) }, this, { kind: 'wire', name: leaf, loc });
    });
    if (init !== undefined) {
      if (!(value instanceof Signal)) fail('wire init is only supported for ground types');
      value.set(init);
    }
    return value;
  }

  /** Names an expression: `const sum = m.node('sum', a.add(b))` emits `wire [8:0] sum = ...`. */
  node(name: string, value: Signal): Signal {
    this.open();
    const loc = userLoc();
    this.claim(name, 'node', loc);
    const expr = useIn(value, this);
    this.wires.push({ name, type: expr.type, loc });
    this.targets.set(name, { kind: 'wire', type: expr.type, loc });
    // Assigned once and unconditionally: kept out of the statement tree so a node
    // created between a when and its elsewhen does not break the chain.
    this.nodeValues.set(name, expr);
    this.assignedAt.set(name, loc);
    return new Signal({ kind: 'ref', name, type: expr.type }, this, undefined, `its definition at ${loc} (a node is assigned once)`);
  }

  reg<T extends HwType>(name: string, type: T, options: RegOptions = {}): Value<T> {
    this.open();
    const loc = userLoc();
    this.usesClock = true;
    if (options.reset !== undefined) this.usesReset = true;
    return shape(type, name, (leaf, t) => {
      this.claim(leaf, 'register', loc);
      const reset = options.reset === undefined ? undefined : constExpr(toBigInt(options.reset), irType(t));
      this.regs.push({ name: leaf, type: irType(t), loc, reset: reset?.kind === 'const' ? reset.value : undefined });
      this.targets.set(leaf, { kind: 'reg', type: irType(t), loc });
      return new Signal({ kind: 'ref', name: leaf, type: irType(t) }, this, { kind: 'reg', name: leaf, loc });
    });
  }

  mem(name: string, type: GroundType, depth: number, options: MemOptions = {}): Mem {
    this.open();
    const loc = userLoc();
    this.claim(name, 'memory', loc);
    if (!Number.isInteger(depth) || depth < 1 || depth > 1 << 24) fail(`memory '${name}': invalid depth ${depth}`);
    const init = options.init?.map((v, i) => {
      const c = constExpr(toBigInt(v), irType(type));
      if (i >= depth) fail(`memory '${name}': ${options.init!.length} initial values for depth ${depth}`);
      return c.kind === 'const' ? c.value : 0n;
    });
    const addrWidth = Math.max(1, Math.ceil(Math.log2(depth)));
    const ir: IrMem = { name, type: irType(type), depth, addrWidth, init, readPorts: [], writePorts: [], loc };
    this.mems.push(ir);
    this.usesClock = true;
    return new Mem(this, ir);
  }

  memRead(mem: Mem, name: string, addr: Signal, en: SignalLike): Signal {
    const loc = userLoc();
    this.claim(name, 'memory read port', loc);
    const port = { name, addr: this.address(mem, addr), en: this.guarded(en), loc };
    mem.ir.readPorts.push(port);
    return new Signal({ kind: 'ref', name, type: mem.ir.type }, this, undefined, `read port of memory '${mem.ir.name}'`);
  }

  memWrite(mem: Mem, addr: Signal, data: SignalLike, en: SignalLike): void {
    const loc = userLoc();
    const value = exprOf(data, this, mem.ir.type);
    mem.ir.writePorts.push({ addr: this.address(mem, addr), data: this.fit(value, mem.ir.type, `memory '${mem.ir.name}' data`), en: this.guarded(en), loc });
  }

  private address(mem: Mem, addr: Signal): IrExpr {
    const e = useIn(addr, this);
    if (e.type.signed) fail(`memory '${mem.ir.name}': address must be unsigned`);
    return e;
  }

  /** en AND every enclosing when-condition. */
  private guarded(en: SignalLike): IrExpr {
    let cond = exprOf(en, this, { width: 1, signed: false });
    if (cond.type.width !== 1) fail(`enable must be 1 bit wide, got ${describe(en as Signal)}`);
    for (const c of this.pathConds) cond = { kind: 'binary', op: 'and', a: c, b: cond, type: cond.type };
    return cond;
  }

  instance<IO>(name: string, def: ModuleDef<IO>): IO {
    this.open();
    const loc = userLoc();
    this.claim(name, 'instance', loc);
    const inputs: Record<string, IrExpr> = {};
    this.instances.push({ ir: { name, module: def.ir.name, inputs, loc }, def });
    if (def.needsClock) this.usesClock = true;
    if (def.needsReset) this.usesReset = true;
    const handles = new Map<string, Signal>();
    for (const p of def.ir.ports) {
      if (p.role) continue;
      const key = `${name}.${p.name}`;
      const ref: IrExpr = { kind: 'ref', name: key, type: p.type };
      if (p.dir === 'input') {
        this.targets.set(key, { kind: 'instance-input', type: p.type, loc });
        handles.set(p.name, new Signal(ref, this, { kind: 'instance-input', instance: name, port: p.name, loc }));
      } else {
        handles.set(p.name, new Signal(ref, this, undefined, `instance '${name}' (it is its output port '${p.name}')`));
      }
    }
    return remap(def.io, handles, def.ir.name) as IO;
  }

  // ---- statements ------------------------------------------------------------

  connect(target: Signal, value: SignalLike): void {
    if (target.owner !== this) {
      const what = target.expr.kind === 'ref' ? `'${target.expr.name}'` : 'an expression';
      fail(`${what} belongs to module '${target.owner.name}' and cannot be assigned inside module '${this.name}'`);
    }
    if (!target.assignable) {
      if (target.drivenBy) fail(`'${(target.expr as { name: string }).name}' has more than one driver: it is already driven by ${target.drivenBy}`);
      fail('cannot assign to an expression: only ports, wires, registers and instance inputs can be assigned');
    }
    const key = target.expr.kind === 'ref' ? target.expr.name : '';
    const expr = this.fit(exprOf(value, this, target.type), target.type, `'${key}'`);
    const loc = userLoc();
    this.assignedAt.set(key, loc);
    this.currentBlock().push({ kind: 'connect', target: key, expr, loc });
  }

  /** Checks an assigned value against the target's type: same signedness, never narrower. */
  private fit(expr: IrExpr, type: IrType, what: string): IrExpr {
    if (expr.type.signed !== type.signed) {
      fail(`signedness mismatch: assigning ${typeName(expr.type)} to ${what} of type ${typeName(type)}; convert with .asSInt() / .asUInt()`);
    }
    if (expr.type.width > type.width) {
      fail(
        `width mismatch: assigning ${typeName(expr.type)} to ${what} of type ${typeName(type)} would drop ` +
          `${expr.type.width - type.width} bit(s); use .trunc(${type.width}) or widen ${what}`,
      );
    }
    return extend(expr, type.width);
  }

  when(cond: SignalLike, body: () => void): WhenChain {
    const block = this.currentBlock();
    const stmt = this.whenIn(block, cond, body);
    return new WhenChain(this, stmt, stmt, block);
  }

  switch(selector: Signal): SwitchChain {
    return new SwitchChain(this, selector);
  }

  /** @internal Appends a when to `block` and runs its body in the then-branch. */
  whenIn(block: Stmt[], cond: SignalLike, body: () => void): WhenStmt {
    const c = exprOf(cond, this);
    if (c.type.width !== 1) fail(`when condition must be 1 bit wide, got ${typeName(c.type)}: compare it (e.g. .neq(0)) first`);
    const stmt: WhenStmt = { kind: 'when', cond: c, then: [], else: [], loc: userLoc() };
    block.push(stmt);
    this.inBranch(stmt.then, c, body);
    return stmt;
  }

  /** @internal Runs `fill` inside the else-branch of `tail` (the last when of the chain started by `root`). */
  branchElse(root: WhenStmt, tail: WhenStmt, block: Stmt[], fill: (elseBlock: Stmt[]) => WhenStmt): WhenStmt {
    if (this.currentBlock() !== block || block[block.length - 1] !== root) {
      fail('elsewhen/otherwise must directly follow its when (at the same level, with no statement in between)');
    }
    if (tail.else.length > 0) fail('this when already has an otherwise branch');
    let next = tail;
    const notCond: IrExpr = { kind: 'unary', op: 'not', a: tail.cond, type: tail.cond.type };
    // The else-branch of every earlier when in the chain is also on the path.
    const chainConds = this.chainNegations(root, tail);
    this.pathConds.push(...chainConds);
    try {
      this.inBranch(tail.else, notCond, () => {
        next = fill(tail.else);
      });
    } finally {
      this.pathConds.length -= chainConds.length;
    }
    return next;
  }

  /** Negated conditions of the whens between root and tail (exclusive of tail). */
  private chainNegations(root: WhenStmt, tail: WhenStmt): IrExpr[] {
    const out: IrExpr[] = [];
    for (let w = root; w !== tail; ) {
      out.push({ kind: 'unary', op: 'not', a: w.cond, type: w.cond.type });
      const next = w.else[0];
      if (!next || next.kind !== 'when') break;
      w = next;
    }
    return out;
  }

  private inBranch(block: Stmt[], cond: IrExpr, body: () => void): void {
    this.blockStack.push(block);
    this.pathConds.push(cond);
    try {
      body();
    } finally {
      this.blockStack.pop();
      this.pathConds.pop();
    }
  }

  private currentBlock(): Stmt[] {
    return this.blockStack[this.blockStack.length - 1];
  }

  // ---- finishing ---------------------------------------------------------------

  /** Lowers the statements and checks that every output, wire and instance input is driven. */
  finish(generator: string, params: Record<string, ParamValue>, loc: string, doc?: string): Omit<ModuleDef, 'io'> {
    this.finished = true;
    const values = lowerBlock(this.body, (t) => {
      const info = this.targets.get(t);
      return info?.kind === 'reg' ? ({ kind: 'ref', name: t, type: info.type } as IrExpr) : undefined;
    });
    const driven = (name: string, what: string): IrExpr => {
      const v: Lowered | undefined = this.nodeValues.get(name) ?? values.get(name);
      const info = this.targets.get(name)!;
      if (v === undefined) fail(`${what} '${name}' in module '${this.name}' is never driven`, info.loc);
      if (isPartial(v)) {
        fail(
          `${what} '${name}' in module '${this.name}' is driven only under some conditions (see the when at ${v.loc}): ` +
            'give it a default value before the when, or add an otherwise branch',
          info.loc,
        );
      }
      return v;
    };
    // A reset is synchronous: a module with a reset needs the clock too.
    const clockPorts = implicitPorts(this.usesClock || this.usesReset, this.usesReset, loc);
    const ir: IrModule = {
      name: this.name,
      kind: 'module',
      generator,
      params,
      loc,
      ports: [...clockPorts, ...this.ports],
      wires: this.wires,
      // A register never assigned holds its value (its reset value, if it has one).
      regs: this.regs.map((r) => ({ ...r, next: (values.get(r.name) as IrExpr | undefined) ?? { kind: 'ref', name: r.name, type: r.type } })),
      mems: this.mems,
      instances: this.instances.map(({ ir }) => {
        for (const key of [...this.targets.keys()].filter((k) => k.startsWith(`${ir.name}.`))) {
          ir.inputs[key.slice(ir.name.length + 1)] = driven(key, 'instance input');
        }
        return ir;
      }),
      assigns: [
        ...this.ports
          .filter((p) => p.dir === 'output')
          .map((p) => ({ target: p.name, expr: driven(p.name, 'output'), loc: this.assignedAt.get(p.name) ?? p.loc })),
        ...this.wires.map((w) => ({ target: w.name, expr: driven(w.name, 'wire'), loc: this.assignedAt.get(w.name) ?? w.loc })),
      ],
      doc,
    };
    return {
      ir,
      children: this.instances.map((i) => i.def),
      needsClock: clockPorts.length > 0,
      needsReset: this.usesReset,
    };
  }
}

function typeName(t: IrType): string {
  return `${t.signed ? 'SInt' : 'UInt'}(${t.width})`;
}

/** Rebuilds a child's io shape with the parent's handles for each port signal. */
function remap(io: unknown, handles: Map<string, Signal>, moduleName: string): unknown {
  if (io === undefined || io === null) return Object.fromEntries(handles);
  if (io instanceof Signal) {
    const name = io.expr.kind === 'ref' ? io.expr.name : '';
    const handle = handles.get(name);
    if (!handle) fail(`module '${moduleName}' returned a signal that is not one of its ports ('${name}')`);
    return handle;
  }
  if (Array.isArray(io)) return io.map((x) => remap(x, handles, moduleName));
  if (typeof io === 'object') return Object.fromEntries(Object.entries(io).map(([k, v]) => [k, remap(v, handles, moduleName)]));
  return io;
}

export { leaves, checkWidth };

/** Mangles generator name and parameters into a module name: Fifo + {width: 8, depth: 4} -> Fifo_width8_depth4. */
export function moduleName(generator: string, params: Record<string, ParamValue>): string {
  const suffix = Object.entries(params)
    .map(([k, v]) => `${k}${typeof v === 'boolean' ? (v ? 1 : 0) : String(v).replace(/[^A-Za-z0-9]/g, '_')}`)
    .join('_');
  return suffix ? `${generator}_${suffix}` : generator;
}

/**
 * Defines and elaborates a module. A generator is a plain function that calls
 * this with its parameters: `const Counter = (w: number) => module('Counter', { width: w }, (m) => {...})`.
 * The body's return value (its ports) shapes the handles of its instances.
 */
export function module<IO>(
  generator: string,
  params: Record<string, ParamValue>,
  body: (m: ModuleBuilder) => IO,
  options: { name?: string; doc?: string } = {},
): ModuleDef<IO> {
  const loc = userLoc();
  checkName(generator, 'module');
  const name = options.name ?? moduleName(generator, params);
  checkName(name, 'module');
  const builder = new ModuleBuilder(name);
  const previous = setActiveOwner(builder);
  try {
    const io = body(builder);
    const done = builder.finish(generator, params, loc, options.doc);
    return { ...done, io };
  } finally {
    setActiveOwner(previous);
  }
}
