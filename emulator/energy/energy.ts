// Energy per inference from the tile's activity counters, like Accelergy's
// energy reference table: E = sum over counters of count x energy per action
// + static power x time. The table (table.json, documented in
// docs/energy.md) has one entry per counter with its value, source,
// technology node and scaling.
//
// Counters are the chip's sums over its tiles; `cycles` summed over tiles is
// (tiles x run time) x clock, so static energy = P_static per tile x
// cycles / f.
import { readFileSync } from 'node:fs';

/** The tile's activity counters (names fixed, docs/tile-spec.md), 32-bit per tile; the chip sums them. */
export const COUNTER_NAMES = [
  'cycles',
  'busy_cycles',
  'timesteps',
  'axon_events_in',
  'crossbar_reads',
  'row_activations',
  'device_reads',
  'adc_conversions',
  'neuron_updates',
  'spikes',
  'packets_injected',
  'router_hops',
  'fifo_reads',
  'fifo_writes',
  'sampler_reads',
  'sampler_raw_bits',
  'sampler_bits',
  'alu_bit_ops',
  'off_mesh_drops',
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

export const COMPONENTS = ['crossbar', 'adc', 'neurons', 'sampler', 'alu', 'router', 'fifo', 'control', 'static'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface EnergyEntry {
  pj: number;
  component: Exclude<Component, 'static'>;
  /** published: a figure as published; derived: computed from published figures; estimate: our estimate. */
  status: 'published' | 'derived' | 'estimate';
  source: string;
  node: string;
  scaled: string;
}

export interface PublishedChip {
  name: string;
  pjPerSop?: number;
  pjPerMac?: number;
  node: string;
  source: string;
}

export interface EnergyTable {
  format: 'neurotile-energy-table';
  version: 1;
  node: string;
  clockHz: number;
  scaling: string;
  staticPowerPerTileW: { value: number; status: string; source: string; node: string; scaled: string };
  entries: Record<CounterName, EnergyEntry>;
  publishedChips: PublishedChip[];
}

const TABLE_URL = new URL('./table.json', import.meta.url);

/** The reference energy table shipped with neurotile (checked: one entry per counter, nothing else). */
export function referenceEnergyTable(): EnergyTable {
  return checkEnergyTable(JSON.parse(readFileSync(TABLE_URL, 'utf8')) as EnergyTable);
}

export function checkEnergyTable(t: EnergyTable): EnergyTable {
  const names = Object.keys(t.entries);
  const missing = COUNTER_NAMES.filter((c) => !names.includes(c));
  const extra = names.filter((c) => !(COUNTER_NAMES as readonly string[]).includes(c));
  if (missing.length || extra.length) throw new RangeError(`energy table: missing entries ${missing.join(', ') || '-'}; unknown entries ${extra.join(', ') || '-'}`);
  for (const [name, e] of Object.entries(t.entries)) {
    if (!(Number.isFinite(e.pj) && e.pj >= 0)) throw new RangeError(`energy table: ${name}.pj must be a number >= 0, got ${e.pj}`);
    if (!(COMPONENTS as readonly string[]).includes(e.component) || (e.component as string) === 'static') throw new RangeError(`energy table: ${name}.component '${e.component}' is not one of ${COMPONENTS.join(', ')}`);
  }
  if (!(t.clockHz > 0) || !(t.staticPowerPerTileW.value >= 0)) throw new RangeError('energy table: clockHz must be > 0 and static power >= 0');
  return t;
}

export interface EnergyReport {
  /** Total energy (pJ). */
  totalPj: number;
  /** Per counter: count x pJ. */
  byCounter: Record<CounterName, number>;
  /** Per component, static included; sums to totalPj. */
  byComponent: Record<Component, number>;
  /** Static energy (pJ): P per tile x cycles / clock. */
  staticPj: number;
  /** Run time (s) of one tile: cycles / (tiles x clock). */
  seconds: number;
  clockHz: number;
}

/** Energy of a run from its summed counters. `tiles` only turns summed cycles into wall time. */
export function energyOf(counters: Counters, table: EnergyTable = referenceEnergyTable(), opts: { clockHz?: number; tiles?: number } = {}): EnergyReport {
  const clockHz = opts.clockHz ?? table.clockHz;
  const tiles = opts.tiles ?? 1;
  const byCounter = {} as Record<CounterName, number>;
  const byComponent = Object.fromEntries(COMPONENTS.map((c) => [c, 0])) as Record<Component, number>;
  let dynamic = 0;
  for (const name of COUNTER_NAMES) {
    const count = counters[name];
    if (!(Number.isFinite(count) && count >= 0)) throw new RangeError(`counter ${name} must be a count >= 0, got ${count}`);
    const e = count * table.entries[name].pj;
    byCounter[name] = e;
    byComponent[table.entries[name].component] += e;
    dynamic += e;
  }
  const staticPj = (table.staticPowerPerTileW.value * counters.cycles * 1e12) / clockHz;
  byComponent.static = staticPj;
  return { totalPj: dynamic + staticPj, byCounter, byComponent, staticPj, seconds: counters.cycles / (tiles * clockHz), clockHz };
}

/** Synaptic operations of a run: one per sensed pair (device_reads counts both devices of a pair). */
export const synapticOps = (counters: Counters): number => counters.device_reads / 2;

/** Energy per synaptic operation (pJ/SOP). */
export function pjPerSynapticOp(totalPj: number, sops: number): number {
  return sops > 0 ? totalPj / sops : NaN;
}

/** The published chips' figures next to this run's pJ/SOP, for a side-by-side table. */
export function sideBySide(pjPerSop: number, table: EnergyTable = referenceEnergyTable()): { name: string; pjPerSop?: number; pjPerMac?: number; node: string; source: string }[] {
  return [{ name: 'neurotile (this run)', pjPerSop, node: table.node, source: 'activity counters x docs/energy.md table' }, ...table.publishedChips];
}

/** All counters at zero (a starting point for sums). */
export const zeroCounters = (): Counters => Object.fromEntries(COUNTER_NAMES.map((c) => [c, 0])) as Counters;

/** Sum of several counter sets (the chip sums its tiles'). */
export function sumCounters(...sets: Counters[]): Counters {
  const out = zeroCounters();
  for (const s of sets) for (const c of COUNTER_NAMES) out[c] += s[c];
  return out;
}
