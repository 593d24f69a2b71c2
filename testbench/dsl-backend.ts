// The DSL simulator behind the common Simulator interface. It runs in this
// process, so "pipelining" is free; batches go through the index-based fast
// path.
import type { IrDesign } from '../gen/ir.ts';
import { compileSim, type SimOptions } from '../gen/sim/compile.ts';
import { topInterface } from './ports.ts';
import { BatchResult, SimulationError, portValue, type Simulator } from './simulator.ts';
import { BatchValues } from './reply-parser.ts';

/** `randomInit`: registers start at random values from this seed; `evaluation`: the DSL simulator's evaluation policy (gen/sim SimOptions). */
export function startDslSim(design: IrDesign, options: Pick<SimOptions, 'randomInit' | 'evaluation'> = {}): Simulator {
  const top = design.modules.find((m) => m.name === design.top);
  if (!top) throw new SimulationError(`design has no module '${design.top}'`);
  const iface = topInterface(top);
  let sim = compileSim(design, options);
  let vcdPath: string | null = null;
  const inputs = iface.ports.filter((p) => p.dir === 'input');
  const outputs = iface.ports.filter((p) => p.dir === 'output');
  const byName = new Map(iface.ports.map((p) => [p.name, p]));
  const port = (name: string) => {
    const p = byName.get(name);
    if (!p) throw new SimulationError(`no port '${name}' on ${iface.top}`);
    return p;
  };

  return {
    backend: 'dsl',
    iface,
    async reset(cycles = 1) {
      if (byName.has('reset')) sim.reset(cycles);
    },
    async poke(name, value) {
      const p = port(name);
      if (p.dir !== 'input') throw new SimulationError(`'${name}' is an output; only inputs can be poked`);
      sim.poke(name, portValue(p, value));
    },
    async peek(name) {
      port(name);
      return sim.peek(name);
    },
    async step(cycles = 1) {
      sim.step(cycles);
    },
    async runBatch(rows) {
      const values = new BatchValues(rows.length, outputs.map((p) => p.width));
      const inIdx = inputs.map((p) => sim.portIndex(p.name));
      const outIdx = outputs.map((p) => sim.portIndex(p.name));
      sim.runRows(rows, inIdx, outIdx, values.widths, values.columns, values.wide);
      return new BatchResult(outputs, values);
    },
    async runUntil(name, value, maxCycles) {
      const want = portValue(port(name), value);
      for (let k = 0; ; k++) {
        if (sim.peek(name) === want) return k;
        if (k === maxCycles) return -1;
        sim.step(1);
      }
    },
    async trace(path) {
      // The DSL simulator writes its VCD on close: restart tracing into a fresh simulator state is not
      // possible mid-run, so tracing applies from the next reset-started run.
      if (path === vcdPath) return;
      sim.close();
      vcdPath = path;
      sim = compileSim(design, path ? { ...options, vcd: path } : options);
    },
    async cycle() {
      return sim.cycle;
    },
    async close() {
      sim.close();
    },
  };
}
