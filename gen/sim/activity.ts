// Activity-based evaluation plan. The combinational assignments and the
// register updates are cut into blocks; the generated code re-evaluates a
// block only when a signal it reads has changed since its last evaluation
// (each change sets the flags of the blocks that read the signal). Most of a
// tile is idle in most cycles, so most blocks are skipped. Registers are
// updated in place where an order exists in which every reader of a
// register's old value runs before its write; registers on a cycle of
// register-to-register reads keep a next-state copy committed after the edge.
import type { FlatAssign, FlatDesign, FlatReg } from './flatten.ts';
import { depthFirstOrder } from './schedule.ts';
import { readsOf } from './flatten.ts';
import { operands } from '../passes/walk.ts';
import type { IrExpr } from '../ir.ts';

export interface CombBlock {
  id: number;
  assigns: FlatAssign[];
}

export interface EdgeBlock {
  id: number;
  regs: FlatReg[];
}

export interface ActivityPlan {
  /** In evaluation order: a block reads only signals driven by earlier blocks (or by state and inputs). */
  comb: CombBlock[];
  /** Register updates in an order where every reader of an in-place register comes before its write. */
  edge: EdgeBlock[];
  /** Register signals that keep a next-state copy (committed after every block ran). */
  buffered: Set<number>;
  /** Comb and edge blocks together: ids 0 .. blockCount-1 (comb first). */
  blockCount: number;
  /** Signal index -> ids of the blocks that must re-run when it changes (a comb block never lists a signal it drives itself). */
  readers: number[][];
}

/** Block size bounds (IR nodes): fewer, larger blocks cost fewer flag checks; smaller ones skip more work. */
export const DEFAULT_BLOCK_NODES = 160;

/** IR nodes of an expression, shared subtrees once: a proxy for its generated code's size. */
export function nodeCount(root: IrExpr): number {
  const seen = new Set<IrExpr>();
  const stack = [root];
  while (stack.length) {
    const e = stack.pop()!;
    if (seen.has(e)) continue;
    seen.add(e);
    stack.push(...operands(e));
  }
  return seen.size;
}

/**
 * Cuts a sequence into blocks: a new block at a change of instance (scope) once the
 * current one has a sixth of `max` nodes, and always past `max`.
 */
function cut<T>(items: T[], scopeOf: (t: T) => string, sizeOf: (t: T) => number, max: number): T[][] {
  const min = Math.floor(max / 6);
  const blocks: T[][] = [];
  let cur: T[] = [];
  let size = 0;
  let scope = '';
  for (const item of items) {
    const s = scopeOf(item);
    const n = sizeOf(item);
    if (cur.length && (size + n > max || (s !== scope && size >= min))) {
      blocks.push(cur);
      cur = [];
      size = 0;
    }
    if (!cur.length) scope = s;
    cur.push(item);
    size += n;
  }
  if (cur.length) blocks.push(cur);
  return blocks;
}

/**
 * The comb assignments in a dependency order that keeps each instance's assignments
 * together where it can (Kahn's algorithm, staying in the current scope while it has a
 * ready assignment). `order` is already a valid order; its positions break ties.
 */
function clusteredOrder(order: FlatAssign[]): FlatAssign[] {
  const driver = new Map<number, number>();
  order.forEach((a, i) => driver.set(a.target, i));
  const users: number[][] = order.map(() => []);
  const pending = new Int32Array(order.length);
  order.forEach((a, i) => {
    for (const s of new Set(readsOf(a.expr, a.scope))) {
      const d = driver.get(s);
      if (d !== undefined && d !== i) {
        users[d].push(i);
        pending[i]++;
      }
    }
  });
  const ready = new Map<string, number[]>(); // scope prefix -> ready positions (a min-heap would be overkill)
  const push = (i: number) => {
    const p = order[i].scope.prefix;
    let q = ready.get(p);
    if (!q) ready.set(p, (q = []));
    q.push(i);
  };
  order.forEach((_, i) => pending[i] === 0 && push(i));
  const out: FlatAssign[] = [];
  let scope = order[0]?.scope.prefix ?? '';
  while (out.length < order.length) {
    let q = ready.get(scope);
    if (!q || !q.length) {
      // Switch to the scope whose earliest ready assignment comes first in `order`.
      let best = Infinity;
      for (const [p, list] of ready) {
        if (!list.length) continue;
        const m = Math.min(...list);
        if (m < best) (best = m), (scope = p);
      }
      q = ready.get(scope)!;
    }
    q.sort((a, b) => a - b);
    const i = q.shift()!;
    out.push(order[i]);
    for (const u of users[i]) if (--pending[u] === 0) push(u);
  }
  return out;
}

/**
 * Register updates ordered so that every register read by another register's next value
 * is written after that reader (then it can be written in place). Registers on a cycle of
 * such reads (a swap, a ring) are buffered: written to a next-state copy, committed later.
 */
function edgeOrder(regs: FlatReg[]): { order: FlatReg[]; buffered: Set<number> } {
  const bySignal = new Map<number, number>();
  regs.forEach((r, i) => bySignal.set(r.signal, i));
  // readersOf[i]: registers whose next value reads register i (itself excluded).
  const readersOf: number[][] = regs.map(() => []);
  regs.forEach((r, i) => {
    for (const s of new Set(readsOf(r.next, r.scope))) {
      const j = bySignal.get(s);
      if (j !== undefined && j !== i) readersOf[j].push(i);
    }
  });
  const buffered = new Set<number>();
  for (const component of stronglyConnected(readersOf)) if (component.length > 1) for (const i of component) buffered.add(regs[i].signal);
  // Every reader is placed before the register it reads (buffered registers constrain nothing).
  // No cycle is left among the in-place registers: every cycle's registers are buffered.
  const none: number[] = [];
  const order = depthFirstOrder(regs.length, (i) => (buffered.has(regs[i].signal) ? none : readersOf[i]), () => {}).map((i) => regs[i]);
  return { order, buffered };
}

/** Tarjan's strongly connected components, iteratively (long register chains must not overflow the stack). */
function stronglyConnected(edges: number[][]): number[][] {
  const n = edges.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length) {
      const top = work[work.length - 1];
      const [v, k] = top;
      if (k < edges[v].length) {
        top[1]++;
        const w = edges[v][k];
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        components.push(component);
      }
    }
  }
  return components;
}

export function activityPlan(flat: FlatDesign, order: FlatAssign[], blockNodes = DEFAULT_BLOCK_NODES): ActivityPlan {
  const combGroups = cut(
    clusteredOrder(order),
    (a) => a.scope.prefix,
    (a) => nodeCount(a.expr),
    blockNodes,
  );
  const comb = combGroups.map((assigns, id) => ({ id, assigns }));
  // Registers that never change (no reset, next = itself) need no update at all.
  const live = flat.regs.filter((r) => r.reset || !(r.next.kind === 'ref' && r.scope.resolve(r.next.name) === r.signal));
  const { order: regOrder, buffered } = edgeOrder(live);
  const edgeGroups = cut(
    regOrder,
    (r) => r.scope.prefix,
    (r) => nodeCount(r.next) + 2,
    blockNodes,
  );
  const edge = edgeGroups.map((regs, k) => ({ id: comb.length + k, regs }));

  const readers: Set<number>[] = flat.signals.map(() => new Set());
  for (const b of comb) {
    const own = new Set(b.assigns.map((a) => a.target));
    for (const a of b.assigns) for (const s of readsOf(a.expr, a.scope)) if (!own.has(s)) readers[s].add(b.id);
  }
  for (const b of edge) {
    for (const r of b.regs) {
      for (const s of readsOf(r.next, r.scope)) readers[s].add(b.id);
      if (r.reset) readers[r.reset.signal].add(b.id);
    }
  }
  return {
    comb,
    edge,
    buffered,
    blockCount: comb.length + edge.length,
    readers: readers.map((s) => [...s].sort((a, b) => a - b)),
  };
}
