// One IrModule as one Verilog-2005 module: header comment, ANSI port list
// (clock and reset first), declarations, continuous assignments, instances,
// register and memory always blocks, and the unused-bits sink. Every
// declaration and statement carries its `// @[file:line]` locator.
//
// Order of work: declare the design's names (kept as they are), check the
// IR rules exact-width printing relies on, simplify, then print.
import type { IrExpr, IrModule, IrPort } from '../ir.ts';
import { checkExpr, checkFits } from './check.ts';
import { EmitError } from './errors.ts';
import { ExprEmitter, type DeclaredSignal, type ExprScope, type StmtContext } from './expr.ts';
import { align, alignRows, locator, moduleHeader } from './format.ts';
import { literal, signedLiteral, typeDecl } from './literal.ts';
import { emitMemory } from './memory.ts';
import { Namespace } from './names.ts';
import { printStatements, updateStatements } from './regs.ts';
import { simplifyModule } from './simplify.ts';
import { ExprTable } from './table.ts';
import { BitUsage, unusedSink } from './usage.ts';

export interface ModuleEmitOptions {
  banner?: string;
}

type SignalKind = 'input' | 'output' | 'wire' | 'reg' | 'read data' | 'instance output' | 'instance input';

interface Signal extends DeclaredSignal {
  kind: SignalKind;
}

/** The module's declared signals by IR name ("inst.port" for instance ports). */
class Signals {
  readonly names = new Namespace();
  private readonly byIrName = new Map<string, Signal>();
  readonly instanceOutputs: Signal[] = [];

  constructor(
    readonly m: IrModule,
    readonly children: IrModule[],
  ) {
    const add = (irName: string, name: string, t: { width: number; signed: boolean }, kind: SignalKind, loc: string) => {
      if (this.byIrName.has(irName)) throw new EmitError(`'${irName}' is declared twice in module '${m.name}'`, loc);
      const sig = { name, width: t.width, signed: t.signed, kind };
      this.byIrName.set(irName, sig);
      return sig;
    };
    // The design's own names first, exactly as written ...
    for (const p of portOrder(m.ports)) add(p.name, this.names.claim(p.name, 'port', p.loc), p.type, p.dir, p.loc);
    for (const w of m.wires) add(w.name, this.names.claim(w.name, 'wire', w.loc), w.type, 'wire', w.loc);
    for (const r of m.regs) add(r.name, this.names.claim(r.name, 'register', r.loc), r.type, 'reg', r.loc);
    for (const mem of m.mems) {
      this.names.claim(mem.name, 'memory', mem.loc);
      for (const p of mem.readPorts) add(p.name, this.names.claim(p.name, 'memory read port', p.loc), mem.type, 'read data', p.loc);
    }
    for (const inst of m.instances) this.names.claim(inst.name, 'instance', inst.loc);
    // ... then generated ones: an instance output "inst.port" is a wire inst_port.
    m.instances.forEach((inst, k) => {
      for (const p of children[k].ports) {
        const key = `${inst.name}.${p.name}`;
        if (p.dir === 'output') this.instanceOutputs.push(add(key, this.names.fresh(`${inst.name}_${p.name}`), p.type, 'instance output', inst.loc));
        else add(key, key, p.type, 'instance input', inst.loc);
      }
    });
  }

  get(irName: string): Signal | undefined {
    return this.byIrName.get(irName);
  }

  /** A declared signal by IR name (the caller knows it exists). */
  of(irName: string): Signal {
    return this.byIrName.get(irName)!;
  }
}

const resetLiteral = (value: bigint, width: number) => signedLiteral(value, width);

/** Clock and reset first, then the design's order. */
function portOrder(ports: IrPort[]): IrPort[] {
  const rank = (p: IrPort) => (p.role === 'clock' ? 0 : p.role === 'reset' ? 1 : 2);
  return [...ports].sort((a, b) => rank(a) - rank(b));
}

function roleName(ports: IrPort[], role: 'clock' | 'reset'): string | undefined {
  return ports.find((p) => p.role === role)?.name;
}

interface Root {
  expr: IrExpr;
  width: number;
  where: string;
  loc: string;
}

/** Every expression of the module with the width it must have; checks what the statements drive. */
function statementRoots(m: IrModule, signals: Signals): Root[] {
  const roots: Root[] = [];
  const assigned = new Set<string>();
  for (const a of m.assigns) {
    const t = signals.get(a.target);
    if (!t || (t.kind !== 'wire' && t.kind !== 'output')) {
      throw new EmitError(`module '${m.name}' assigns '${a.target}', which is not a wire or output port`, a.loc);
    }
    if (assigned.has(a.target)) throw new EmitError(`'${a.target}' in module '${m.name}' is assigned twice`, a.loc);
    assigned.add(a.target);
    roots.push({ expr: a.expr, width: t.width, where: `assignment to '${a.target}'`, loc: a.loc });
  }
  m.instances.forEach((inst, k) => {
    const child = signals.children[k];
    const inputs = child.ports.filter((p) => p.dir === 'input' && !p.role);
    for (const name of Object.keys(inst.inputs)) {
      if (!inputs.some((p) => p.name === name)) throw new EmitError(`instance '${inst.name}' has no input port '${name}' (module '${inst.module}')`, inst.loc);
    }
    for (const p of inputs) {
      const e = inst.inputs[p.name];
      if (!e) throw new EmitError(`input '${p.name}' of instance '${inst.name}' in module '${m.name}' is not connected`, inst.loc);
      roots.push({ expr: e, width: p.type.width, where: `input '${p.name}' of instance '${inst.name}'`, loc: inst.loc });
    }
    for (const p of child.ports.filter((q) => q.role)) {
      if (!roleName(m.ports, p.role!)) throw new EmitError(`instance '${inst.name}' needs a ${p.role} but module '${m.name}' has no ${p.role} port`, inst.loc);
    }
  });
  const clock = roleName(m.ports, 'clock');
  for (const r of m.regs) {
    if (!clock) throw new EmitError(`register '${r.name}' in module '${m.name}' needs a clock port`, r.loc);
    if (r.reset !== undefined && !roleName(m.ports, 'reset')) throw new EmitError(`register '${r.name}' has a reset value but module '${m.name}' has no reset port`, r.loc);
    if (r.next) roots.push({ expr: r.next, width: r.type.width, where: `next value of register '${r.name}'`, loc: r.loc });
  }
  for (const mem of m.mems) {
    if (!clock) throw new EmitError(`memory '${mem.name}' in module '${m.name}' needs a clock port`, mem.loc);
    if (!Number.isInteger(mem.depth) || mem.depth < 1) throw new EmitError(`memory '${mem.name}' has invalid depth ${mem.depth}`, mem.loc);
    if (mem.addrWidth !== Math.max(1, Math.ceil(Math.log2(mem.depth)))) {
      throw new EmitError(`memory '${mem.name}': addrWidth ${mem.addrWidth} does not match depth ${mem.depth}`, mem.loc);
    }
    if ((mem.init?.length ?? 0) > mem.depth) throw new EmitError(`memory '${mem.name}' has ${mem.init!.length} initial values for depth ${mem.depth}`, mem.loc);
    const port = (what: string) => `${what} of memory '${mem.name}'`;
    const address = (e: IrExpr, what: string, loc: string) => {
      if (e.type.signed) throw new EmitError(`module '${m.name}', ${port(what)}: address must be unsigned`, loc);
      roots.push({ expr: e, width: e.type.width, where: port(what), loc });
    };
    for (const p of mem.readPorts) {
      address(p.addr, 'read address', p.loc);
      roots.push({ expr: p.en, width: 1, where: port('read enable'), loc: p.loc });
    }
    for (const p of mem.writePorts) {
      address(p.addr, 'write address', p.loc);
      roots.push({ expr: p.data, width: mem.type.width, where: port('write data'), loc: p.loc });
      roots.push({ expr: p.en, width: 1, where: port('write enable'), loc: p.loc });
    }
  }
  return roots;
}

function checkRoots(m: IrModule, roots: Root[]): void {
  const seen = new Set<IrExpr>();
  for (const r of roots) {
    checkExpr(r.expr, `module '${m.name}', ${r.where}`, r.loc, seen);
    checkFits(r.expr, r.width, `module '${m.name}', ${r.where}`, r.loc);
  }
}

export function emitModule(original: IrModule, modules: ReadonlyMap<string, IrModule>, options: ModuleEmitOptions = {}): string {
  const children = original.instances.map((inst) => {
    const child = modules.get(inst.module);
    if (!child) throw new EmitError(`instance '${inst.name}' in module '${original.name}' refers to unknown module '${inst.module}'`, inst.loc);
    return child;
  });
  const signals = new Signals(original, children);
  checkRoots(original, statementRoots(original, signals));
  const m = simplifyModule(original);
  return new ModulePrinter(m, signals, options).print();
}

class ModulePrinter {
  private readonly usage = new BitUsage();
  private readonly temps: DeclaredSignal[] = [];
  private readonly emitter: ExprEmitter;
  private readonly clock?: string;
  private readonly reset?: string;

  constructor(
    private readonly m: IrModule,
    private readonly signals: Signals,
    private readonly options: ModuleEmitOptions,
  ) {
    this.clock = roleName(m.ports, 'clock');
    this.reset = roleName(m.ports, 'reset');
    const scope: ExprScope = {
      names: signals.names,
      usage: this.usage,
      resolve: (refName, loc) => {
        const sig = signals.get(refName);
        if (!sig) throw new EmitError(`module '${m.name}' reads '${refName}', which is not declared`, loc);
        if (sig.kind === 'instance input') throw new EmitError(`module '${m.name}' reads instance input '${refName}' (instance inputs are write-only)`, loc);
        return sig;
      },
      declareTemp: (sig) => this.temps.push(sig),
    };
    const table = new ExprTable();
    table.countUses(statementRoots(m, signals).map((r) => r.expr));
    this.emitter = new ExprEmitter(scope, table);
  }

  private read(irName: string): string {
    const sig = this.signals.of(irName);
    this.usage.use(sig.name, sig.width - 1, 0, sig.width);
    return sig.name;
  }

  print(): string {
    const m = this.m;
    // Statements first: they create the temporaries and record which bits are read.
    const assigns = this.assigns();
    const instances = this.instances();
    const registers = this.registers();
    const memories = m.mems.map((mem) => emitMemory(mem, this.read(this.clock!), this.emitter, this.signals.names));
    const sink = unusedSink(this.signals.names.fresh('_unused_ok'), this.usage, this.sinkable());

    const ports = portOrder(m.ports);
    const portRows = ports.map((p, i) => [
      p.dir === 'input' ? 'input ' : 'output',
      'wire',
      typeDecl(p.type.width, p.type.signed),
      `${p.name}${i < ports.length - 1 ? ',' : ''}`,
      locator(p.loc),
    ]);
    const decl = (kind: string, s: DeclaredSignal, loc: string, note?: string) => [kind, typeDecl(s.width, s.signed), `${s.name};`, locator(loc, note)];
    const section = (title: string, lines: string[]) => (lines.length ? ['', `  // ${title}`, ...lines] : []);
    const instanceOutputRows = m.instances.flatMap((inst, k) =>
      this.signals.children[k].ports
        .filter((p) => p.dir === 'output')
        .map((p) => decl('wire', this.signals.of(`${inst.name}.${p.name}`), inst.loc, `${inst.name}.${p.name}`)),
    );
    return [
      ...moduleHeader(m, this.options.banner),
      '`default_nettype none',
      ...(ports.length ? [`module ${m.name} ( ${locator(m.loc)}`.trimEnd(), ...align(portRows), ');'] : [`module ${m.name}; ${locator(m.loc)}`.trimEnd()]),
      ...section('Wires', align(m.wires.map((w) => decl('wire', this.signals.of(w.name), w.loc)))),
      ...section('Instance outputs', align(instanceOutputRows)),
      ...section('Registers', align(m.regs.map((r) => decl('reg', this.signals.of(r.name), r.loc, r.reset !== undefined ? `reset ${r.type.signed ? resetLiteral(r.reset, r.type.width) : literal(r.reset, r.type.width)}` : undefined)))),
      ...section('Memories', alignRows(memories.flatMap((t) => t.decls))),
      ...section('Combinational logic', assigns),
      ...section('Instances', instances),
      ...section('Register updates', registers),
      ...section('Memory ports', memories.flatMap((t) => t.logic)),
      ...(sink.length ? ['', ...sink] : []),
      'endmodule',
      '`default_nettype wire',
      '',
    ].join('\n');
  }

  private assigns(): string[] {
    const out: string[] = [];
    for (const a of this.m.assigns) {
      const ctx: StmtContext = { base: this.signals.of(a.target).name, loc: a.loc, lines: [] };
      const rhs = this.emitter.root(a.expr, ctx);
      out.push(...ctx.lines);
      if (rhs.length === 1) out.push(`  assign ${a.target} = ${rhs[0]}; ${locator(a.loc)}`.trimEnd());
      else out.push(`  assign ${a.target} = ${locator(a.loc)}`.trimEnd(), ...rhs.map((l, i) => `    ${l}${i === rhs.length - 1 ? ';' : ''}`));
    }
    return out;
  }

  private instances(): string[] {
    const out: string[] = [];
    this.m.instances.forEach((inst, k) => {
      const child = this.signals.children[k];
      const before: string[] = [];
      const pins = portOrder(child.ports).map((p) => {
        if (p.role) return [`.${p.name}`, `(${this.read(roleName(this.m.ports, p.role)!)})`];
        if (p.dir === 'output') return [`.${p.name}`, `(${this.signals.of(`${inst.name}.${p.name}`).name})`];
        const ctx: StmtContext = { base: `${inst.name}_${p.name}`, loc: inst.loc, lines: before };
        return [`.${p.name}`, `(${this.emitter.inline(inst.inputs[p.name], ctx)})`];
      });
      out.push(...before);
      if (pins.length === 0) {
        out.push(`  ${child.name} ${inst.name} (); ${locator(inst.loc)}`.trimEnd());
        return;
      }
      const rows = align(pins.map(([pin, conn], i) => [pin, `${conn}${i < pins.length - 1 ? ',' : ''}`]), '    ');
      out.push(`  ${child.name} ${inst.name} ( ${locator(inst.loc)}`.trimEnd(), ...rows, '  );');
    });
    return out;
  }

  private registers(): string[] {
    const out: string[] = [];
    for (const r of this.m.regs) {
      const clock = this.read(this.clock!);
      const ctx: StmtContext = { base: `${r.name}_next`, loc: r.loc, lines: [] };
      const self: IrExpr = { kind: 'ref', name: r.name, type: r.type };
      let body = updateStatements(r.name, r.next ?? self);
      let resetValue: IrExpr | undefined;
      if (r.reset !== undefined) {
        const reset: IrExpr = { kind: 'ref', name: this.reset!, type: { width: 1, signed: false } };
        const value: IrExpr = { kind: 'const', value: r.reset & ((1n << BigInt(r.type.width)) - 1n), type: r.type };
        body = [{ kind: 'if', cond: reset, negate: false, then: [{ kind: 'set', value }], else: body }];
        resetValue = value;
      }
      // A register that only holds is still driven (keeps UNDRIVEN quiet and the intent visible).
      if (body.length === 0) body = [{ kind: 'set', value: self }];
      const lines = printStatements(body, '    ', {
        cond: (e) => this.emitter.inline(e, ctx),
        // A signed register's reset value reads best as a signed number (`-16'sd5`; exact: same width).
        set: (v) => `${r.name} <= ${v === resetValue && r.type.signed ? resetLiteral(r.reset!, r.type.width) : this.emitter.inline(v, ctx)};`,
      });
      out.push(...ctx.lines);
      if (lines.length === 1) out.push(`  always @(posedge ${clock}) ${lines[0].trim()} ${locator(r.loc)}`.trimEnd());
      else out.push(`  always @(posedge ${clock}) begin ${locator(r.loc)}`.trimEnd(), ...lines, '  end');
    }
    return out;
  }

  /** Signals whose unread bits go to the sink (outputs are read by the parent). */
  private sinkable(): DeclaredSignal[] {
    const m = this.m;
    return [
      ...portOrder(m.ports)
        .filter((p) => p.dir === 'input')
        .map((p) => this.signals.of(p.name)),
      ...m.wires.map((w) => this.signals.of(w.name)),
      ...this.signals.instanceOutputs,
      ...m.regs.map((r) => this.signals.of(r.name)),
      ...m.mems.flatMap((mem) => mem.readPorts.map((p) => this.signals.of(p.name))),
      ...this.temps,
    ];
  }
}
