// Finds combinational loops, also through instances: each module's
// output-to-input combinational dependencies are summarised for its parents.
import type { IrDesign, IrModule } from '../ir.ts';
import { ElaborationError } from '../dsl/errors.ts';
import { forEachRef } from './walk.ts';

/** For each output port, the input ports it depends on combinationally. */
export type CombSummary = Map<string, Set<string>>;

interface Graph {
  edges: Map<string, string[]>; // node -> nodes it reads
  locs: Map<string, string>;
}

function buildGraph(m: IrModule, summaries: Map<string, CombSummary>): Graph {
  const state = new Set([...m.regs.map((r) => r.name), ...m.mems.flatMap((mem) => mem.readPorts.map((p) => p.name))]);
  const edges = new Map<string, string[]>();
  const locs = new Map<string, string>();
  const add = (node: string, reads: string[], loc: string) => {
    edges.set(node, [...(edges.get(node) ?? []), ...reads.filter((r) => !state.has(r))]);
    locs.set(node, loc);
  };
  for (const a of m.assigns) {
    const reads: string[] = [];
    forEachRef(a.expr, (n) => reads.push(n));
    add(a.target, reads, a.loc);
  }
  for (const inst of m.instances) {
    for (const [port, expr] of Object.entries(inst.inputs)) {
      const reads: string[] = [];
      forEachRef(expr, (n) => reads.push(n));
      add(`${inst.name}.${port}`, reads, inst.loc);
    }
    for (const [out, ins] of summaries.get(inst.module) ?? []) {
      add(`${inst.name}.${out}`, [...ins].map((i) => `${inst.name}.${i}`), inst.loc);
    }
  }
  return { edges, locs };
}

/** Throws on the first combinational loop in `m`, listing the signals on it. */
function findLoop(m: IrModule, g: Graph): void {
  const color = new Map<string, 1 | 2>(); // 1 on the DFS path, 2 finished
  for (const start of [...g.edges.keys()].sort()) {
    if (color.has(start)) continue;
    const path: string[] = [];
    const iters: number[] = [];
    color.set(start, 1);
    path.push(start);
    iters.push(0);
    while (path.length) {
      const node = path[path.length - 1];
      const next = g.edges.get(node) ?? [];
      const i = iters[iters.length - 1]++;
      if (i >= next.length) {
        color.set(node, 2);
        path.pop();
        iters.pop();
        continue;
      }
      const to = next[i];
      const c = color.get(to);
      if (c === 1) {
        // Edges point from a signal to what it reads; show the loop in data-flow order.
        const loop = path.slice(path.indexOf(to)).reverse();
        const shown = [...loop, loop[0]].join(' -> ');
        throw new ElaborationError(`combinational loop in module '${m.name}': ${shown}`, g.locs.get(to) ?? m.loc);
      }
      if (c === undefined && g.edges.has(to)) {
        color.set(to, 1);
        path.push(to);
        iters.push(0);
      }
    }
  }
}

function summarize(m: IrModule, g: Graph): CombSummary {
  const inputs = new Set(m.ports.filter((p) => p.dir === 'input').map((p) => p.name));
  const summary: CombSummary = new Map();
  for (const out of m.ports.filter((p) => p.dir === 'output')) {
    const reached = new Set<string>();
    const seen = new Set<string>();
    const stack = [out.name];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      if (inputs.has(n)) reached.add(n);
      for (const r of g.edges.get(n) ?? []) stack.push(r);
    }
    summary.set(out.name, reached);
  }
  return summary;
}

/** Checks every module (children first) and returns each module's summary. */
export function checkCombLoops(design: IrDesign): Map<string, CombSummary> {
  const summaries = new Map<string, CombSummary>();
  for (const m of design.modules) {
    if (m.kind === 'blackbox') {
      // Unknown inside: assume every output may depend on every input (the safe choice).
      const ins = new Set(m.ports.filter((p) => p.dir === 'input' && !p.role).map((p) => p.name));
      summaries.set(m.name, new Map(m.ports.filter((p) => p.dir === 'output').map((p) => [p.name, ins])));
      continue;
    }
    const g = buildGraph(m, summaries);
    findLoop(m, g);
    summaries.set(m.name, summarize(m, g));
  }
  return summaries;
}
