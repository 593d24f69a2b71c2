// The tile's activity counters (docs/tile-spec.md § Activity counters): the
// same names, in the same order (COUNTER[i] at CSR 0x80 + i), in RTL,
// emulator, `emulate --json` and docs/energy.md.
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
  'fifo_writes',
  'fifo_reads',
  'sampler_reads',
  'sampler_raw_bits',
  'sampler_bits',
  'alu_bit_ops',
  'off_mesh_drops',
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

export const C_CYCLES = 0;
export const C_BUSY = 1;
export const C_TIMESTEPS = 2;
export const C_AXON_EVENTS = 3;
export const C_XBAR_READS = 4;
export const C_ROW_ACTIVATIONS = 5;
export const C_DEVICE_READS = 6;
export const C_ADC = 7;
export const C_NEURON_UPDATES = 8;
export const C_SPIKES = 9;
export const C_PACKETS = 10;
export const C_HOPS = 11;
export const C_FIFO_WRITES = 12;
export const C_FIFO_READS = 13;
export const C_SAMPLER_READS = 14;
export const C_SAMPLER_RAW = 15;
export const C_SAMPLER_BITS = 16;
export const C_ALU_OPS = 17;
export const C_DROPS = 18;
export const COUNTER_COUNT = COUNTER_NAMES.length;

/** A counter array as a name -> value record. */
export function countersRecord(values: ArrayLike<number>): Counters {
  const out = {} as Counters;
  COUNTER_NAMES.forEach((name, i) => (out[name] = values[i]! >>> 0));
  return out;
}
