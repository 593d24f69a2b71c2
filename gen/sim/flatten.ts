// Flattens the module hierarchy for simulation: every instance is inlined and
// each of its signals gets a hierarchical name ("inst.sub.sig"). Expressions
// are not rewritten; each keeps the scope (instance path) it is read in, and
// the scope resolves its local names to flat signals.
import type { IrDesign, IrExpr, IrModule, IrType } from '../ir.ts';
import { SimError } from './errors.ts';

export type SignalKind = 'clock' | 'input' | 'output' | 'wire' | 'reg' | 'memdata';

export interface FlatSignal {
  index: number;
  /** Hierarchical name: "count" at the top, "a.count" inside instance a. */
  name: string;
  /** Name inside its own module, for the VCD scope. */
  local: string;
  type: IrType;
  kind: SignalKind;
  /** A top-level input other than the clock: the only signals poke() may drive. */
  pokeable: boolean;
}

/** One instance of a module in the flattened design. */
export interface Scope {
  /** "" at the top, "a.b." for instance b inside instance a. */
  prefix: string;
  module: IrModule;
  /** Signal index for a name as written inside this module. */
  resolve(name: string): number;
  /** Signals declared by this module (ports incl. aliases, wires, regs, mem data), for the VCD. */
  vars: { local: string; signal: number }[];
  children: { instance: string; scope: Scope }[];
}

/** A combinational signal and the expression driving it. */
export interface FlatAssign {
  target: number;
  expr: IrExpr;
  scope: Scope;
  loc: string;
}

export interface FlatReg {
  signal: number;
  next: IrExpr;
  /** Reset value, only if the register has one and its module has a reset port. */
  reset?: { value: bigint; signal: number };
  scope: Scope;
}

export interface FlatMem {
  name: string;
  type: IrType;
  depth: number;
  init: bigint[];
  readPorts: { data: number; addr: IrExpr; en: IrExpr }[];
  writePorts: { addr: IrExpr; data: IrExpr; en: IrExpr }[];
  scope: Scope;
}

export interface FlatDesign {
  topModule: IrModule;
  signals: FlatSignal[];
  /** Every addressable name (instance clock/reset ports are aliases of the parent's). */
  byName: Map<string, number>;
  root: Scope;
  assigns: FlatAssign[];
  /** The signal whose variable holds each signal's value (itself, unless it is a plain copy of another). */
  sourceOf: number[];
  regs: FlatReg[];
  mems: FlatMem[];
  /** The top clock signal (always 0 in the simulator; VCD toggles it), if the top has one. */
  clock?: number;
  /** The top reset input, if any. */
  reset?: number;
}

export function flattenDesign(design: IrDesign): FlatDesign {
  const modules = new Map(design.modules.map((m) => [m.name, m]));
  const top = modules.get(design.top);
  if (!top) throw new SimError(`design has no module named '${design.top}' (its top)`);

  const signals: FlatSignal[] = [];
  const byName = new Map<string, number>();
  const assigns: FlatAssign[] = [];
  const regs: FlatReg[] = [];
  const mems: FlatMem[] = [];
  const driven = new Map<number, string>(); // signal -> where it is driven, to report double drivers
  // Copy propagation: a signal assigned a plain ref (an instance port connection, `out = reg`)
  // is read through its source instead; filled in after inlining, consulted by every scope.
  const copyOf: (number | undefined)[] = [];
  const source = (index: number): number => {
    let i = index;
    while (copyOf[i] !== undefined) i = copyOf[i]!;
    return i;
  };

  const addSignal = (name: string, local: string, type: IrType, kind: SignalKind, pokeable = false): number => {
    if (byName.has(name)) throw new SimError(`signal '${name}' is declared twice`);
    const index = signals.length;
    signals.push({ index, name, local, type, kind, pokeable });
    byName.set(name, index);
    return index;
  };

  const drive = (target: number, expr: IrExpr, scope: Scope, loc: string) => {
    const sig = signals[target];
    if (sig.kind !== 'wire' && sig.kind !== 'output' && !(sig.kind === 'input' && !sig.pokeable)) {
      throw new SimError(`'${sig.name}' is a ${sig.kind} and cannot be driven by an assignment (${loc})`);
    }
    const before = driven.get(target);
    if (before !== undefined) throw new SimError(`'${sig.name}' is driven twice (${before} and ${loc})`);
    driven.set(target, loc);
    assigns.push({ target, expr, scope, loc });
  };

  /**
   * Declares the signals of `m` (instance path `prefix`) and recurses into its instances.
   * `implicit` maps the module's clock/reset port names to the parent's signals (absent at the top).
   */
  const inline = (m: IrModule, prefix: string, implicit: Map<string, number> | null, path: string[]): Scope => {
    if (m.kind === 'blackbox') {
      const where = prefix ? ` (instance '${prefix.slice(0, -1)}')` : '';
      throw new SimError(
        `cannot simulate black box '${m.name}'${where}: the DSL simulator has no model of its contents; ` +
          'use the Verilator or Icarus backend for designs with black boxes',
      );
    }
    if (path.includes(m.name)) throw new SimError(`module '${m.name}' instantiates itself (${[...path, m.name].join(' -> ')})`);
    const local = new Map<string, number>();
    const vars: Scope['vars'] = [];
    const declare = (name: string, index: number) => {
      if (local.has(name)) throw new SimError(`'${prefix}${name}' is declared twice in module '${m.name}'`);
      local.set(name, index);
      vars.push({ local: name, signal: index });
    };

    for (const p of m.ports) {
      if (implicit && p.role) {
        // An instance's clock/reset is its parent's; a reset the parent lacks is tied low.
        const parent = implicit.get(p.role);
        const index = parent ?? addSignal(prefix + p.name, p.name, p.type, 'wire');
        if (parent !== undefined) byName.set(prefix + p.name, parent);
        declare(p.name, index);
        continue;
      }
      const kind: SignalKind = p.role === 'clock' ? 'clock' : p.dir;
      declare(p.name, addSignal(prefix + p.name, p.name, p.type, kind, !implicit && p.dir === 'input' && kind !== 'clock'));
    }
    for (const w of m.wires) declare(w.name, addSignal(prefix + w.name, w.name, w.type, 'wire'));
    for (const r of m.regs) declare(r.name, addSignal(prefix + r.name, r.name, r.type, 'reg'));
    for (const mem of m.mems) {
      for (const rp of mem.readPorts) declare(rp.name, addSignal(prefix + rp.name, rp.name, mem.type, 'memdata'));
    }

    const scope: Scope = {
      prefix,
      module: m,
      vars,
      children: [],
      resolve(name) {
        const index = local.get(name) ?? byName.get(prefix + name);
        if (index === undefined) {
          throw new SimError(`module '${m.name}'${prefix ? ` (instance '${prefix.slice(0, -1)}')` : ''} reads unknown signal '${name}'`);
        }
        return source(index);
      },
    };

    const myImplicit = new Map<string, number>();
    for (const p of m.ports) if (p.role) myImplicit.set(p.role, local.get(p.name)!);

    for (const inst of m.instances) {
      const child = modules.get(inst.module);
      if (!child) throw new SimError(`instance '${prefix}${inst.name}' of module '${m.name}' refers to unknown module '${inst.module}'`);
      const childScope = inline(child, `${prefix}${inst.name}.`, myImplicit, [...path, m.name]);
      scope.children.push({ instance: inst.name, scope: childScope });
      for (const [port, expr] of Object.entries(inst.inputs)) {
        const decl = child.ports.find((p) => p.name === port);
        if (!decl || decl.dir !== 'input' || decl.role) {
          throw new SimError(`instance '${prefix}${inst.name}' (${child.name}) has no data input '${port}' to connect (${inst.loc})`);
        }
        drive(byName.get(`${prefix}${inst.name}.${port}`)!, expr, scope, inst.loc);
      }
    }

    for (const a of m.assigns) {
      if (m.ports.some((p) => p.name === a.target && p.dir === 'input')) {
        throw new SimError(`module '${m.name}' assigns to its own input '${a.target}' (${a.loc})`);
      }
      drive(scope.resolve(a.target), a.expr, scope, a.loc);
    }

    const resetPort = m.ports.find((p) => p.role === 'reset');
    for (const r of m.regs) {
      const reset = r.reset !== undefined && resetPort ? { value: r.reset, signal: local.get(resetPort.name)! } : undefined;
      regs.push({ signal: local.get(r.name)!, next: r.next, reset, scope });
    }
    for (const mem of m.mems) {
      if ((mem.init?.length ?? 0) > mem.depth) throw new SimError(`memory '${prefix}${mem.name}' has more init values than its depth ${mem.depth}`);
      mems.push({
        name: prefix + mem.name,
        type: mem.type,
        depth: mem.depth,
        init: mem.init ?? [],
        readPorts: mem.readPorts.map((rp) => ({ data: local.get(rp.name)!, addr: rp.addr, en: rp.en })),
        writePorts: mem.writePorts.map((wp) => ({ addr: wp.addr, data: wp.data, en: wp.en })),
        scope,
      });
    }
    return scope;
  };

  const root = inline(top, '', null, []);
  const kept = collapseCopies(assigns, copyOf, signals);
  const clock = top.ports.find((p) => p.role === 'clock');
  const reset = top.ports.find((p) => p.role === 'reset' && p.dir === 'input');
  return {
    topModule: top,
    signals,
    byName,
    root,
    assigns: kept,
    sourceOf: signals.map((sig) => source(sig.index)),
    regs,
    mems,
    clock: clock ? byName.get(clock.name) : undefined,
    reset: reset ? byName.get(reset.name) : undefined,
  };
}

/**
 * Removes assignments that only copy another signal of the same type (most
 * instance port connections are such copies): expressions read the source
 * instead (scope.resolve), and peeks and the VCD read it through
 * FlatDesign.sourceOf. Returns the assignments that still compute something.
 */
function collapseCopies(assigns: FlatAssign[], copyOf: (number | undefined)[], signals: FlatSignal[]): FlatAssign[] {
  const kept: FlatAssign[] = [];
  for (const a of assigns) {
    const from = a.expr.kind === 'ref' ? a.scope.resolve(a.expr.name) : undefined;
    // A copy between different types is malformed IR: keep it, so code generation reports it.
    if (from !== undefined && sameType(signals[from].type, signals[a.target].type) && sameType(a.expr.type, signals[a.target].type)) {
      copyOf[a.target] = from;
    } else kept.push(a);
  }
  return kept;
}

/** Flat signal indices read by `expr` in `scope` (iterative: deep mux chains must not overflow the stack). */
export function readsOf(expr: IrExpr, scope: Scope): number[] {
  const out: number[] = [];
  const stack: IrExpr[] = [expr];
  const seen = new Set<IrExpr>();
  while (stack.length) {
    const e = stack.pop()!;
    if (seen.has(e)) continue;
    seen.add(e);
    switch (e.kind) {
      case 'ref':
        out.push(scope.resolve(e.name));
        break;
      case 'const':
        break;
      case 'binary':
        stack.push(e.a, e.b);
        break;
      case 'mux':
        stack.push(e.cond, e.a, e.b);
        break;
      case 'cat':
        stack.push(...e.parts);
        break;
      default:
        stack.push(e.a);
    }
  }
  return out;
}

function sameType(a: IrType, b: IrType): boolean {
  return a.width === b.width && a.signed === b.signed;
}
