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

  const order: FlatAssign[] = [];
  const state = new Uint8Array(assigns.length); // 0 new, 1 on the DFS path, 2 done
  for (let start = 0; start < assigns.length; start++) {
    if (state[start]) continue;
    // Iterative DFS: a long chain of wires must not overflow the JS stack.
    const path = [start];
    const next = [0];
    state[start] = 1;
    while (path.length) {
      const node = path[path.length - 1];
      const k = next[next.length - 1]++;
      if (k < deps[node].length) {
        const d = deps[node][k];
        if (state[d] === 1) {
          const loop = path.slice(path.indexOf(d)).map((i) => signals[assigns[i].target].name);
          throw new SimError(`combinational loop: ${[...loop, loop[0]].join(' -> ')} (each signal reads the next)`);
        }
        if (state[d] === 0) {
          state[d] = 1;
          path.push(d);
          next.push(0);
        }
        continue;
      }
      state[node] = 2;
      order.push(assigns[node]);
      path.pop();
      next.pop();
    }
  }
  return order;
}
