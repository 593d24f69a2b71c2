// Code per module for the registers of repeated instances (the full variant's edge).
//
// Flattening repeats a module's code once per instance: 256 MAC cells became 150 KB of
// straight-line JavaScript, and running it every cycle was bound by instruction fetch (the
// same update as one loop over the cells ran 1.85x faster in a micro-benchmark). A register
// template is the update of one module's registers, generated once and run in a loop over
// its instances; each instance's signals are found through its row of a frame table.
//
// Writes must keep the edge's meaning (every register reads old values). Inside an
// instance, all next values are computed before any is written. A register read by another
// instance of the same group is written in place if the instances can be ordered so that
// every reader comes first (a systolic array's west-to-east chain); otherwise (a ring of
// instances), and whenever a register outside the group reads it, it goes to a next-state
// copy committed after the edge. Groups run before the flat register blocks, so what they
// read of other registers is still old.
import type { FlatDesign, FlatReg, Scope } from './flatten.ts';
import { readsOf } from './flatten.ts';
import { depthFirstOrder } from './schedule.ts';
import { forEachRef } from '../passes/walk.ts';

/**
 * Fewer instances than this stay flat. A loop pays where flat code is large (256 MAC cells,
 * the mesh's 80 FIFOs: bound by instruction fetch); over a few copies its indirect slots cost
 * more than the code it saves: the tile's 4 sampler lanes and 5 router FIFOs and arbiters ran
 * 5% faster each flat (A/B in one process), the chip's 8 and 10 copies the same either way.
 */
export const MIN_TEMPLATE_INSTANCES = 6;

export interface RegTemplate {
  /** The instances, in the order the loop updates them; each lists its registers in module order. */
  instances: { scope: Scope; regs: FlatReg[] }[];
  /** Local names of the registers that go to a next-state copy (the same in every instance). */
  buffered: Set<string>;
  /** Every name the template reads or writes (registers, their operands, the reset port), as written in the module. */
  names: string[];
  /** The module's reset port name, when its registers have a reset. */
  resetName?: string;
}

/**
 * The register templates of `live` (the registers that may run in loops): one per module with
 * at least MIN_TEMPLATE_INSTANCES instances of the same registers, all of them at most
 * `narrowBits` wide and reading only signals that narrow. `readers`: every register updated
 * at the edge (a superset of `live`): a template's register read by one outside it is buffered.
 */
export function regTemplates(flat: FlatDesign, live: FlatReg[], narrowBits = 32, readers: FlatReg[] = live): RegTemplate[] {
  const narrow = (i: number) => flat.signals[i].type.width <= narrowBits;
  const byScope = new Map<Scope, FlatReg[]>();
  for (const r of live) {
    let list = byScope.get(r.scope);
    if (!list) byScope.set(r.scope, (list = []));
    list.push(r);
  }
  const groups = new Map<string, { scope: Scope; regs: FlatReg[] }[]>();
  for (const [scope, regs] of byScope) {
    const key = `${scope.module.name}|${regs.map((r) => flat.signals[r.signal].local).join(',')}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push({ scope, regs });
  }

  // Readers among the registers (`readers`: also those that stay flat, e.g. behind a gate): signal -> the scopes of the registers whose next value reads it.
  // A register that may not loop counts as outside every group, even in a looping instance's scope.
  const inLoops = new Set(live);
  const readerScopes = new Map<number, Set<Scope | 'outside'>>();
  for (const r of readers) {
    for (const s of readsOf(r.next, r.scope)) {
      let set = readerScopes.get(s);
      if (!set) readerScopes.set(s, (set = new Set()));
      set.add(inLoops.has(r) ? r.scope : 'outside');
    }
  }

  const templates: RegTemplate[] = [];
  for (const instances of groups.values()) {
    if (instances.length < MIN_TEMPLATE_INSTANCES) continue;
    const all = instances.flatMap((inst) => inst.regs);
    if (!all.every((r) => narrow(r.signal) && readsOf(r.next, r.scope).every(narrow) && (!r.reset || narrow(r.reset.signal)))) continue;
    const position = new Map(instances.map((inst, k) => [inst.scope, k]));
    const buffered = new Set<string>();
    const crossRead = new Set<string>();
    // mustPrecede[k]: the instances that read instance k's registers (they run before k writes).
    const mustPrecede: number[][] = instances.map(() => []);
    instances.forEach((inst, k) => {
      for (const r of inst.regs) {
        const name = flat.signals[r.signal].local;
        for (const reader of readerScopes.get(r.signal) ?? []) {
          if (reader === inst.scope) continue;
          const j = reader === 'outside' ? undefined : position.get(reader);
          if (j === undefined) buffered.add(name);
          else {
            crossRead.add(name);
            mustPrecede[k].push(j);
          }
        }
      }
    });
    let order = instances.map((_, k) => k);
    const sorted = readersFirst(mustPrecede);
    if (sorted) order = sorted;
    else for (const name of crossRead) buffered.add(name);

    const names = new Set<string>();
    for (const r of instances[0].regs) {
      names.add(flat.signals[r.signal].local);
      forEachRef(r.next, (n) => names.add(n));
    }
    const resetName = instances[0].regs.some((r) => r.reset) ? instances[0].scope.module.ports.find((p) => p.role === 'reset')?.name : undefined;
    if (resetName) names.add(resetName);
    templates.push({ instances: order.map((k) => instances[k]), buffered, names: [...names], resetName });
  }
  return templates;
}

/**
 * An order of the instances in which every instance comes before those it must precede
 * (mustPrecede[k] lists the instances that must run before k), or undefined on a cycle.
 */
function readersFirst(mustPrecede: number[][]): number[] | undefined {
  let cyclic = false;
  const order = depthFirstOrder(mustPrecede.length, (k) => mustPrecede[k], () => (cyclic = true));
  return cyclic ? undefined : order;
}
