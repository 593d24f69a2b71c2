// Generic traversals over IR expressions and modules, shared by the passes.
import type { IrExpr, IrModule } from '../ir.ts';

/** Direct operands of an expression. */
export function operands(e: IrExpr): IrExpr[] {
  switch (e.kind) {
    case 'ref':
    case 'const':
      return [];
    case 'unary':
    case 'slice':
    case 'zext':
    case 'sext':
    case 'cast':
      return [e.a];
    case 'binary':
      return [e.a, e.b];
    case 'mux':
      return [e.cond, e.a, e.b];
    case 'cat':
      return e.parts;
  }
}

/** Calls `visit` for every ref name read by `e` (iterative: deep mux chains must not overflow the stack). */
export function forEachRef(e: IrExpr, visit: (name: string) => void): void {
  const stack = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.kind === 'ref') visit(x.name);
    else for (const o of operands(x)) stack.push(o);
  }
}

/** Rebuilds `e` bottom-up with `f` applied to every node after its operands (shared subtrees are rebuilt once). */
export function mapExpr(e: IrExpr, f: (node: IrExpr) => IrExpr, memo = new Map<IrExpr, IrExpr>()): IrExpr {
  const done = memo.get(e);
  if (done) return done;
  let rebuilt: IrExpr;
  switch (e.kind) {
    case 'ref':
    case 'const':
      rebuilt = e;
      break;
    case 'unary':
    case 'slice':
    case 'zext':
    case 'sext':
    case 'cast':
      rebuilt = { ...e, a: mapExpr(e.a, f, memo) };
      break;
    case 'binary':
      rebuilt = { ...e, a: mapExpr(e.a, f, memo), b: mapExpr(e.b, f, memo) };
      break;
    case 'mux':
      rebuilt = { ...e, cond: mapExpr(e.cond, f, memo), a: mapExpr(e.a, f, memo), b: mapExpr(e.b, f, memo) };
      break;
    case 'cat':
      rebuilt = { ...e, parts: e.parts.map((p) => mapExpr(p, f, memo)) };
      break;
  }
  const out = f(rebuilt);
  memo.set(e, out);
  return out;
}

/** Every expression held by a module, with a setter-free view for analyses. */
export function moduleExprs(m: IrModule): IrExpr[] {
  return [
    ...m.assigns.map((a) => a.expr),
    ...m.regs.map((r) => r.next),
    ...m.instances.flatMap((i) => Object.values(i.inputs)),
    ...m.mems.flatMap((mem) => [
      ...mem.readPorts.flatMap((p) => [p.addr, p.en]),
      ...mem.writePorts.flatMap((p) => [p.addr, p.data, p.en]),
    ]),
  ];
}

/** A copy of the module with `f` applied to every expression. */
export function mapModuleExprs(m: IrModule, f: (e: IrExpr) => IrExpr): IrModule {
  return {
    ...m,
    assigns: m.assigns.map((a) => ({ ...a, expr: f(a.expr) })),
    regs: m.regs.map((r) => ({ ...r, next: f(r.next) })),
    instances: m.instances.map((i) => ({
      ...i,
      inputs: Object.fromEntries(Object.entries(i.inputs).map(([k, v]) => [k, f(v)])),
    })),
    mems: m.mems.map((mem) => ({
      ...mem,
      readPorts: mem.readPorts.map((p) => ({ ...p, addr: f(p.addr), en: f(p.en) })),
      writePorts: mem.writePorts.map((p) => ({ ...p, addr: f(p.addr), data: f(p.data), en: f(p.en) })),
    })),
  };
}
