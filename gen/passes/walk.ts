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

/** Adds one use of `root` to `uses`, and of its operands when `root` is new there: afterwards a count above 1 marks a shared subtree. */
export function addUses(uses: Map<IrExpr, number>, root: IrExpr): void {
  const stack = [root];
  while (stack.length) {
    const e = stack.pop()!;
    const n = (uses.get(e) ?? 0) + 1;
    uses.set(e, n);
    if (n === 1) stack.push(...operands(e));
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

/** Whether `a` and `b` are the same expression tree (same kinds, types, names, values; iterative). */
export function sameExpr(a: IrExpr, b: IrExpr): boolean {
  const stack: [IrExpr, IrExpr][] = [[a, b]];
  while (stack.length) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (x.kind !== y.kind || x.type.width !== y.type.width || x.type.signed !== y.type.signed) return false;
    if (x.kind === 'ref' && x.name !== (y as typeof x).name) return false;
    if (x.kind === 'const' && x.value !== (y as typeof x).value) return false;
    if ((x.kind === 'unary' || x.kind === 'binary') && x.op !== (y as typeof x).op) return false;
    if (x.kind === 'slice' && (x.hi !== (y as typeof x).hi || x.lo !== (y as typeof x).lo)) return false;
    const xs = operands(x), ys = operands(y);
    if (xs.length !== ys.length) return false;
    xs.forEach((o, i) => stack.push([o, ys[i]]));
  }
  return true;
}

/** `e` with its operands replaced (same operand order as operands()). */
function withOperands(e: IrExpr, ops: IrExpr[]): IrExpr {
  switch (e.kind) {
    case 'ref':
    case 'const':
      return e;
    case 'unary':
    case 'slice':
    case 'zext':
    case 'sext':
    case 'cast':
      return ops[0] === e.a ? e : { ...e, a: ops[0] };
    case 'binary':
      return ops[0] === e.a && ops[1] === e.b ? e : { ...e, a: ops[0], b: ops[1] };
    case 'mux':
      return ops[0] === e.cond && ops[1] === e.a && ops[2] === e.b ? e : { ...e, cond: ops[0], a: ops[1], b: ops[2] };
    case 'cat':
      return ops.every((o, i) => o === e.parts[i]) ? e : { ...e, parts: ops };
  }
}

/**
 * Rebuilds `e` bottom-up with `f` applied to every node after its operands.
 * Shared subtrees are rebuilt once; iterative, so chains thousands of nodes
 * deep (a long adder or mux chain) do not overflow the stack.
 */
export function mapExpr(e: IrExpr, f: (node: IrExpr) => IrExpr, memo = new Map<IrExpr, IrExpr>()): IrExpr {
  const stack: IrExpr[] = [e];
  while (stack.length) {
    const node = stack[stack.length - 1];
    if (memo.has(node)) {
      stack.pop();
      continue;
    }
    const ops = operands(node);
    const pending = ops.filter((o) => !memo.has(o));
    if (pending.length) {
      stack.push(...pending);
      continue;
    }
    stack.pop();
    memo.set(node, f(withOperands(node, ops.map((o) => memo.get(o)!))));
  }
  return memo.get(e)!;
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
