// Structural facts about a module's expressions, computed once before
// emission: a structural id per node (equal subtrees get equal ids, whether
// or not they are the same JS object, so output depends on the IR's content
// only), how often each subtree is used, its size and its depth. The emitter
// uses them to name shared subexpressions once instead of repeating them
// (which could grow exponentially) and to break very deep trees into named
// steps (which keeps both the text and the emitter's recursion shallow).
// Everything is iterative: deep mux chains must not overflow the stack.
import type { IrExpr } from '../ir.ts';
import { operands } from '../passes/walk.ts';

/** A subtree used more than once is named if it has at least this many operators. */
export const SHARE_MIN_OPS = 4;
/** A node whose unnamed nesting reaches this depth is named, bounding nesting. */
export const DEPTH_STEP = 100;
const SIZE_CAP = 1 << 30;

interface NodeFacts {
  id: number;
  /** Operators in the fully expanded tree (capped). */
  ops: number;
  /** Longest path to a leaf or to a named (boundary) node below it. */
  depth: number;
  /** Named to bound nesting: its depth reached DEPTH_STEP. */
  boundary: boolean;
}

function localKey(e: IrExpr): string {
  const t = `${e.type.width}${e.type.signed ? 's' : 'u'}`;
  switch (e.kind) {
    case 'ref':
      return `r:${t}:${e.name}`;
    case 'const':
      return `c:${t}:${e.value}`;
    case 'unary':
    case 'binary':
      return `${e.op}:${t}`;
    case 'slice':
      return `slice:${t}:${e.hi}:${e.lo}`;
    default:
      return `${e.kind}:${t}`;
  }
}

export class ExprTable {
  private readonly facts = new Map<IrExpr, NodeFacts>();
  private readonly ids = new Map<string, number>();
  private readonly uses: number[] = [];
  private readonly opsById: number[] = [];
  private readonly depthById: number[] = [];
  private readonly boundaryById: boolean[] = [];

  /** Facts of `e`, computing its subtree's facts first (post-order, iterative). */
  private factsOf(root: IrExpr): NodeFacts {
    const known = this.facts.get(root);
    if (known) return known;
    const stack: { e: IrExpr; expanded: boolean }[] = [{ e: root, expanded: false }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (this.facts.has(top.e)) {
        stack.pop();
        continue;
      }
      const kids = operands(top.e);
      if (!top.expanded) {
        top.expanded = true;
        for (const k of kids) if (!this.facts.has(k)) stack.push({ e: k, expanded: false });
        continue;
      }
      stack.pop();
      const kidFacts = kids.map((k) => this.facts.get(k)!);
      const key = `${localKey(top.e)}(${kidFacts.map((f) => f.id).join(',')})`;
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(key, id);
        const leaf = kids.length === 0;
        this.opsById[id] = leaf ? 0 : Math.min(SIZE_CAP, 1 + kidFacts.reduce((s, f) => s + f.ops, 0));
        const depth = leaf ? 0 : 1 + Math.max(...kidFacts.map((f) => (f.boundary ? 0 : f.depth)));
        this.depthById[id] = depth;
        this.boundaryById[id] = depth >= DEPTH_STEP;
        this.uses[id] = 0;
      }
      this.facts.set(top.e, { id, ops: this.opsById[id], depth: this.depthById[id], boundary: this.boundaryById[id] });
    }
    return this.facts.get(root)!;
  }

  id(e: IrExpr): number {
    return this.factsOf(e).id;
  }

  /**
   * Counts uses over all statement roots: one per root, plus one per edge
   * from a distinct parent subtree (a subtree repeated inside one tree counts
   * once per distinct parent, like a DAG).
   */
  countUses(roots: IrExpr[]): void {
    const visited = new Set<number>();
    for (const root of roots) {
      const rootId = this.id(root);
      this.uses[rootId]++;
      const stack = [root];
      if (visited.has(rootId)) continue;
      visited.add(rootId);
      while (stack.length) {
        const e = stack.pop()!;
        for (const k of operands(e)) {
          const kid = this.id(k);
          this.uses[kid]++;
          if (!visited.has(kid)) {
            visited.add(kid);
            stack.push(k);
          }
        }
      }
    }
  }

  /** Used more than once and big enough that repeating it would hurt. */
  isShared(e: IrExpr): boolean {
    const f = this.factsOf(e);
    return f.ops >= SHARE_MIN_OPS && (this.uses[f.id] ?? 0) >= 2;
  }

  /** Deep enough that it should become a named step (no unnamed nesting exceeds DEPTH_STEP). */
  isDepthBoundary(e: IrExpr): boolean {
    return this.factsOf(e).boundary;
  }
}
