import fc from 'fast-check';
import { tileSuite } from './testbench/suites/tile.ts';
import { record, resetCommand } from './testbench/cosim/cycle-model.ts';
const c = tileSuite.defaultConfig;
const cmds = fc.sample(tileSuite.commands(c), { numRuns: 3, seed: 7 });
for (const list of cmds) {
  const model = tileSuite.model(c);
  const state = { model, defaults: { ...tileSuite.defaults(c), reset: 0n } };
  const rec = record([resetCommand(), ...list], state as any);
  const core = (model as any).model.core;
  console.log(rec.inputs.length, 'cycles;', [...list].map(String).map(s=>s.slice(0,40)).join(' | '));
  console.log(' counters', Array.from(core.counters ?? []).join(','));
}
