// Evaluation order of the combinational assignments: a topological sort over
// the flattened design, so one pass in this order settles every signal.
import type { FlatAssign, FlatSignal } from './flatten.ts';
import { readsOf } from './flatten.ts';
import { SimError } from './errors.ts';

/** `assigns` reordered so every assignment comes after the ones it reads; throws on a combinational loop. */
export function scheduleAssigns(assigns: FlatAssign[], signals: FlatSignal[]): FlatAssign[] {
  const driver = new Map<number, number>(); // signal -> index into assigns
  assigns.forEach((a, i) => driver.set(a.target, i));
  const deps = assigns.map((a) => [...new Set(readsOf(a.expr, a.scope))].filter((s) => driver.has(s)).map((s) => driver.get(s)!));

  const order = depthFirstOrder(assigns.length, (i) => deps[i], (path, d) => {
    const loop = path.slice(path.indexOf(d)).map((i) => signals[assigns[i].target].name);
    throw new SimError(`combinational loop: ${[...loop, loop[0]].join(' -> ')} (each signal reads the next)`);
  }).map((i) => assigns[i]);
  return order;
}

/**
 * Nodes 0..n-1 in an order where every node comes after the nodes `deps` lists for it
 * (depth-first post-order, iterative: a long chain must not overflow the JS stack).
 * `onCycle(path, d)` is called when node d is reached again on the current path.
 */
export function depthFirstOrder(n: number, deps: (node: number) => number[], onCycle: (path: number[], d: number) => void): number[] {
  const order: number[] = [];
  const state = new Uint8Array(n); // 0 new, 1 on the DFS path, 2 done
  for (let start = 0; start < n; start++) {
    if (state[start]) continue;
    const path = [start];
    const next = [0];
    state[start] = 1;
    while (path.length) {
      const node = path[path.length - 1];
      const k = next[next.length - 1]++;
      const ds = deps(node);
      if (k < ds.length) {
        const d = ds[k];
        if (state[d] === 1) onCycle(path, d);
        if (state[d] === 0) {
          state[d] = 1;
          path.push(d);
          next.push(0);
        }
        continue;
      }
      state[node] = 2;
      order.push(node);
      path.pop();
      next.pop();
    }
  }
  return order;
}
