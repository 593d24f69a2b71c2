// Code per module for the combinational logic of repeated instances (the full variant's settle).
//
// Flattening repeats a module's logic once per instance: the 256x256 crossbar's 64 DeviceNoise
// hashes and 64 NoisyRead units were 65 KB of its 95 KB of full-variant comb code, and running
// that every cycle is bound by instruction fetch (docs/bench.md). A comb template computes the
// assignments of one module's instances (with everything inside them) in one loop; each
// instance's signals are found through its row of a frame table (comb-template-code.ts).
//
// The loop computes instance after instance, so the instances must not read each other's
// values (a ripple chain stays flat), and the group as a whole must fit the dependency order:
// nothing it reads may depend on what it computes. The order of the other assignments is
// kept; the loop goes where the first of its assignments was, after whatever it reads.
import type { FlatAssign, FlatDesign, Scope } from './flatten.ts';
import { readsOf } from './flatten.ts';
import { depthFirstOrder } from './schedule.ts';
import { forEachRef } from '../passes/walk.ts';

/**
 * Fewer instances than this stay flat. Unlike a register template's, a comb loop's body is
 * large (the codegen's threshold, COMB_LOOP_MIN_CHARS): the tile's groups of 4 (two of ADC
 * lanes, its neuron updates, its sampler lanes) ran 1.09-1.15x faster as loops than flat (A/B
 * in one process).
 */
export const MIN_COMB_LOOP_INSTANCES = 4;

export interface CombTemplate {
  module: string;
  /** The instances (the scopes their logic hangs from), in loop order. */
  instances: Scope[];
  /** assigns[i][j]: the j-th assignment of instance i; the same statement of the same module in every instance, in a valid order. */
  assigns: FlatAssign[][];
  /** columns[k][i]: the signal of column k in instance i. Column numbers stand for signals in the loop's code. */
  columns: number[][];
  /** The column of assignment j's target. */
  targetColumn: number[];
  /** The first instance's signal -> its column. */
  columnOfSignal: Map<number, number>;
}

export type CombItem = { kind: 'assign'; assign: FlatAssign } | { kind: 'template'; template: CombTemplate };

/**
 * The comb templates among `sequence` (a valid evaluation order of the comb assignments) and
 * the evaluation order with each template as one item. A group is every instance of a module
 * with the same assignments, at least MIN_COMB_LOOP_INSTANCES of them, all signals at most
 * `narrowBits` wide; outer instances are tried first (a DeviceNoise with its hash inside).
 * `accept` may refuse a template (its loop would be too long for one function).
 */
export function combTemplates(flat: FlatDesign, sequence: FlatAssign[], accept: (t: CombTemplate) => boolean, narrowBits = 32): CombItem[] {
  const position = new Map(sequence.map((a, k) => [a, k]));
  // What each assignment reads of the others (fixed; every candidate's order check needs it).
  const driver = new Map(sequence.map((a) => [a.target, a]));
  const deps = new Map(sequence.map((a) => [a, readsOf(a.expr, a.scope).flatMap((s) => driver.get(s) ?? [])]));
  const own = new Map<Scope, FlatAssign[]>();
  for (const a of sequence) {
    let list = own.get(a.scope);
    if (!list) own.set(a.scope, (list = []));
    list.push(a);
  }
  // Every scope below the root, parents first; the instances of each module in that order.
  // A module's height (1 + its tallest child's): one that holds another is tried first.
  const byModule = new Map<string, Scope[]>();
  const height = new Map<string, number>();
  const walk = (s: Scope): number => {
    let h = 0;
    for (const { scope } of s.children) {
      let list = byModule.get(scope.module.name);
      if (!list) byModule.set(scope.module.name, (list = []));
      list.push(scope);
      h = Math.max(h, walk(scope));
    }
    height.set(s.module.name, Math.max(height.get(s.module.name) ?? 0, h + 1));
    return h + 1;
  };
  walk(flat.root);
  const subtree = (s: Scope): FlatAssign[] => {
    const out: FlatAssign[] = [];
    const stack = [s];
    while (stack.length) {
      const x = stack.pop()!;
      out.push(...(own.get(x) ?? []));
      for (const c of x.children) stack.push(c.scope);
    }
    return out.sort((a, b) => position.get(a)! - position.get(b)!);
  };

  const accepted: CombTemplate[] = [];
  const covered = new Set<Scope>();
  const cover = (s: Scope) => {
    covered.add(s);
    for (const c of s.children) cover(c.scope);
  };
  const modules = [...byModule.keys()].sort((a, b) => height.get(b)! - height.get(a)!);
  const coversNone = (s: Scope): boolean => !covered.has(s) && s.children.every((c) => coversNone(c.scope));
  for (const name of modules) {
    const scopes = byModule.get(name)!.filter(coversNone);
    // Instances whose logic differs (a port driven inside in one, from outside in another) form
    // separate groups; the order their assignments came in does not matter.
    const bySignature = new Map<string, { scope: Scope; assigns: FlatAssign[] }[]>();
    for (const scope of scopes) {
      const assigns = subtree(scope);
      if (!assigns.length) continue;
      const signature = assigns.map((a) => `${a.scope.prefix.slice(scope.prefix.length)}|${a.scope.module.name}|${relativeName(flat, a, scope)}`).sort().join(',');
      let list = bySignature.get(signature);
      if (!list) bySignature.set(signature, (list = []));
      list.push({ scope, assigns });
    }
    for (const group of bySignature.values()) {
      if (group.length < MIN_COMB_LOOP_INSTANCES) continue;
      const t = templateOf(flat, name, group, narrowBits);
      if (!t || !accept(t)) continue;
      if (!evaluationOrder(sequence, deps, [...accepted, t])) continue; // the group sits on a cycle through outside logic
      accepted.push(t);
      for (const inst of t.instances) cover(inst);
    }
  }
  return evaluationOrder(sequence, deps, accepted)!;
}

/** The target's name below the instance ("hash.x" for an input of the hash inside it). */
function relativeName(flat: FlatDesign, a: FlatAssign, scope: Scope): string {
  return flat.signals[a.target].name.slice(scope.prefix.length);
}

/** The template of a group of alike instances, or undefined when it cannot run as one loop. */
function templateOf(flat: FlatDesign, module: string, group: { scope: Scope; assigns: FlatAssign[] }[], narrowBits: number): CombTemplate | undefined {
  const first = group[0].assigns;
  // Align every instance's assignments with the first one's order (the same target below the instance).
  const assigns: FlatAssign[][] = [];
  for (const { scope, assigns: list } of group) {
    const byName = new Map(list.map((a) => [relativeName(flat, a, scope), a]));
    const aligned = first.map((a) => byName.get(relativeName(flat, a, group[0].scope)));
    if (aligned.some((a, j) => !a || a.expr !== first[j].expr)) return undefined;
    assigns.push(aligned as FlatAssign[]);
  }
  // Columns: the signals the module's code reads or writes, keyed by the first instance's.
  const columnIndex = new Map<number, number>();
  const columns: number[][] = [];
  let consistent = true;
  const column = (signalOf: (i: number) => number): number => {
    const s0 = signalOf(0);
    let k = columnIndex.get(s0);
    if (k === undefined) {
      columnIndex.set(s0, (k = columns.length));
      columns.push(group.map((_, i) => signalOf(i)));
    } else if (columns[k].some((s, i) => s !== signalOf(i))) consistent = false; // one name in the first, two in another
    return k;
  };
  const targetColumn = first.map((_, j) => column((i) => assigns[i][j].target));
  first.forEach((a, j) => forEachRef(a.expr, (name) => column((i) => assigns[i][j].scope.resolve(name))));
  if (!consistent) return undefined;
  if (columns.some((c) => c.some((s) => flat.signals[s].type.width > narrowBits))) return undefined;
  // An instance reading another one's result would need them in order: not a plain loop.
  const owner = new Map<number, number>();
  assigns.forEach((list, i) => list.forEach((a) => owner.set(a.target, i)));
  for (const c of columns) if (c.some((s, i) => owner.has(s) && owner.get(s) !== i)) return undefined;
  return {
    module,
    instances: group.map((g) => g.scope),
    assigns,
    columns,
    targetColumn,
    columnOfSignal: columnIndex,
  };
}

/**
 * `sequence` with each template's assignments replaced by the template, in an order where every
 * item comes after the items computing what it reads (`deps`: the assignments each one reads);
 * undefined on a cycle.
 */
function evaluationOrder(sequence: FlatAssign[], deps: Map<FlatAssign, FlatAssign[]>, templates: CombTemplate[]): CombItem[] | undefined {
  const inTemplate = new Map<FlatAssign, number>();
  templates.forEach((t, k) => t.assigns.forEach((list) => list.forEach((a) => inTemplate.set(a, k))));
  // One item per assignment outside the templates, one per template, at its first assignment's place.
  const items: CombItem[] = [];
  const itemOfAssign = new Map<FlatAssign, number>();
  const itemOfTemplate = new Map<number, number>();
  for (const a of sequence) {
    const k = inTemplate.get(a);
    if (k === undefined) {
      itemOfAssign.set(a, items.length);
      items.push({ kind: 'assign', assign: a });
    } else if (!itemOfTemplate.has(k)) {
      itemOfTemplate.set(k, items.length);
      items.push({ kind: 'template', template: templates[k] });
    }
  }
  const itemOf = (a: FlatAssign): number => {
    const k = inTemplate.get(a);
    return k === undefined ? itemOfAssign.get(a)! : itemOfTemplate.get(k)!;
  };
  const itemDeps: number[][] = items.map(() => []);
  for (const a of sequence) {
    const me = itemOf(a);
    for (const d of deps.get(a)!) {
      const from = itemOf(d);
      if (from !== me) itemDeps[me].push(from);
    }
  }
  let cyclic = false;
  const order = depthFirstOrder(items.length, (i) => itemDeps[i], () => (cyclic = true));
  if (cyclic) return undefined;
  return order.map((i) => items[i]);
}
