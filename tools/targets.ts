// The blocks `neurotile gen|lint|synth|cosim --target NAME` can build: name ->
// description, parameter schema (zod, with the defaults of the built-in
// reference configuration) and a generator call.
//
// Each target imports its generator lazily inside build(), so one target's
// code (and a broken or missing one) costs nothing for the others.
import { z } from 'zod';
import type { ModuleDef } from '../gen/index.ts';
import type { FlatTileParams } from '../rtl/tile/params.ts';

export interface Target {
  name: string;
  description: string;
  /** Strict object schema of the target's parameters; every key has a default. */
  params: z.ZodObject;
  /** Elaborates the block for validated parameters (the output of params.parse). */
  build(params: Record<string, unknown>): Promise<ModuleDef>;
}

function target<S extends z.ZodObject>(t: {
  name: string;
  description: string;
  params: S;
  build: (params: z.output<S>) => Promise<ModuleDef>;
}): Target {
  return t as unknown as Target;
}

/** A positive whole number (upper limits are the generators' to check: they name the rule they enforce). */
const count = (def: number, what: string) => z.int().min(1).default(def).describe(what);

/** Flit fields and FIFO depth shared by the router and mesh targets (docs/tile-spec.md, Router). */
const routerFields = {
  xBits: count(2, 'bits of dest_x'),
  yBits: count(2, 'bits of dest_y'),
  idBits: count(8, 'bits of the axon / neuron id'),
  payloadBits: z.int().min(0).default(0).describe('bits of the payload (0: none)'),
  fifoDepth: count(4, 'entries of each input FIFO'),
};

/** The tile's parameters, flat, with the reference chip's tile as defaults (docs/tile-spec.md § Tile). */
const tileFields = {
  rows: count(256, 'crossbar rows R (axons), up to 256'),
  cols: count(256, 'crossbar columns C (neurons), up to 256'),
  gbits: count(4, 'bits of a conductance level, 1..8'),
  adcBits: count(8, 'ADC bits, 1..8'),
  adcShare: count(8, 'columns per ADC: a power of two dividing cols'),
  vBits: count(16, 'membrane potential bits, 4..24'),
  refBits: count(4, 'refractory counter bits, 1..8'),
  fanout: count(2, 'routing slots per neuron, 1..8'),
  classes: z.int().min(0).default(10).describe('neurons 0..classes-1 are the decision classes (0..16)'),
  xBits: count(1, 'bits of dest_x'),
  yBits: count(1, 'bits of dest_y'),
  fifoDepth: count(4, 'entries of each router input FIFO'),
  lanes: count(16, 'sampler lanes (random numbers per cycle), 1..32'),
  numberBits: count(8, 'bits of a random number, 8..16'),
  samplerRows: count(1, 'rows of the sampler entropy macro, 1..16'),
  samplerGbits: count(4, 'conductance level bits of the entropy macro'),
  samplerAdcBits: count(8, 'ADC bits of the entropy macro, 2..8'),
  windowLog2: count(8, 'log2 of the sampler calibration window'),
  deadband: z.int().min(0).default(16).describe('sampler calibration deadband'),
};

async function tileConfigOf(p: FlatTileParams) {
  return (await import('../rtl/tile/params.ts')).tileConfigFromFlat(p);
}

/** Sampler parameters (docs/tile-spec.md § Sampler); defaults: the reference tile's sampler. */
const samplerFields = {
  lanes: count(16, 'lanes E (entropy-macro columns), up to 32'),
  rows: count(1, 'rows R of the entropy macro, up to 16'),
  gbits: count(4, 'bits of a conductance level of the entropy macro, 1..8'),
  adcBits: count(8, 'ADC bits k of the entropy macro, 2..8'),
  numberBits: count(8, 'bits K of a random number, 8..16'),
  windowLog2: count(8, 'log2 of the calibration window (raw bits), 1..12'),
  deadband: z.int().min(0).default(16).describe('calibration deadband D, 0..W/2'),
};

/** Bitstream ALU parameters (docs/tile-spec.md § Bitstream ALU). */
const bitstreamFields = {
  bits: count(8, 'bits K of an operand and a random number, 1..16'),
  lengthBits: count(13, 'bits of the stream length N and of the result, 1..16'),
  tanhStates: count(8, 'states of the Brown-Card tanh FSM (even, 2..256)'),
};

export const TARGETS: readonly Target[] = [
  target({
    name: 'fifo',
    description: 'synchronous FIFO with valid/ready ports (gen/lib)',
    params: z.strictObject({ width: count(8, 'data width in bits'), depth: count(16, 'number of entries') }),
    build: async (p) => (await import('../gen/lib/index.ts')).Fifo(p.width, p.depth),
  }),
  target({
    name: 'arbiter',
    description: 'round-robin arbiter (gen/lib)',
    params: z.strictObject({ n: count(4, 'number of requesters') }),
    build: async (p) => (await import('../gen/lib/index.ts')).RoundRobinArbiter(p.n),
  }),
  target({
    name: 'counter',
    description: 'wrapping counter with enable and clear (gen/examples)',
    params: z.strictObject({ width: count(8, 'counter width in bits') }),
    build: async (p) => (await import('../gen/examples/counter.ts')).Counter(p.width),
  }),
  target({
    name: 'counter-pair',
    description: 'two counters and a comparator: instances, bundles, dedup (gen/examples)',
    params: z.strictObject({ width: count(8, 'counter width in bits') }),
    build: async (p) => (await import('../gen/examples/counter.ts')).CounterPair(p.width),
  }),
  target({
    name: 'router',
    description: '5-port address-event router: XY routing, input FIFOs, round-robin outputs (rtl/router)',
    params: z.strictObject({
      ...routerFields,
      hereX: z.int().min(0).default(1).describe('x of this router (its here_x input, used by cosim)'),
      hereY: z.int().min(0).default(2).describe('y of this router (its here_y input, used by cosim)'),
    }),
    build: async (p) => (await import('../rtl/router/router.ts')).Router(p),
  }),
  target({
    name: 'mesh',
    description: 'W x H mesh of address-event routers with local ports for the tiles (rtl/chip)',
    params: z.strictObject({ width: count(2, 'routers along x'), height: count(2, 'routers along y'), ...routerFields }),
    build: async (p) => (await import('../rtl/chip/mesh.ts')).Mesh(p.width, p.height, p),
  }),
  target({
    name: 'multicast',
    description: 'multicast injector: routing table, one packet per destination (rtl/router)',
    params: z.strictObject({
      xBits: count(2, 'bits of dest_x'),
      yBits: count(2, 'bits of dest_y'),
      idBits: count(8, 'bits of the destination axon id'),
      payloadBits: z.int().min(0).default(0).describe('bits of the payload (0: none)'),
      neuronBits: count(3, 'bits of a source neuron id (2^neuronBits table rows)'),
      fanout: count(4, 'destinations per source neuron'),
    }),
    build: async (p) => (await import('../rtl/router/injector.ts')).MulticastInjector(p),
  }),
  target({
    name: 'multicast-mesh',
    description: 'W x H router mesh with a multicast injector at every node (rtl/chip)',
    params: z.strictObject({
      width: count(2, 'routers along x'),
      height: count(2, 'routers along y'),
      ...routerFields,
      neuronBits: count(1, 'bits of a source neuron id per node (2^neuronBits table rows)'),
      fanout: count(3, 'destinations per source neuron'),
    }),
    build: async (p) => (await import('../rtl/chip/multicast-mesh.ts')).MulticastMesh(p.width, p.height, p, p.neuronBits, p.fanout),
  }),
  target({
    name: 'crossbar',
    description: 'crossbar interface + digital twin of the PCM macro (rtl/crossbar, docs/tile-spec.md § Crossbar)',
    params: z.strictObject({
      rows: count(16, 'rows R (spike inputs), up to 256'),
      cols: count(16, 'columns C, up to 256'),
      gbits: count(4, 'bits of a conductance level, 1..8'),
      adcBits: count(6, 'ADC bits k, 1..8'),
      adcShare: count(4, 'columns per ADC: a power of two dividing cols'),
    }),
    build: async (p) => (await import('../rtl/crossbar/index.ts')).Crossbar(p),
  }),
  target({
    name: 'crossbar-interface',
    description: 'crossbar interface controller alone (rtl/crossbar/controller.ts)',
    params: z.strictObject({
      rows: count(16, 'rows R (spike inputs), up to 256'),
      cols: count(16, 'columns C, up to 256'),
      gbits: count(4, 'bits of a conductance level, 1..8'),
      adcBits: count(6, 'ADC bits k, 1..8'),
      adcShare: count(4, 'columns per ADC: a power of two dividing cols'),
    }),
    build: async (p) => (await import('../rtl/crossbar/index.ts')).CrossbarController(p),
  }),
  target({
    name: 'crossbar-twin',
    description: 'digital twin of the analog PCM crossbar macro alone (rtl/crossbar/twin.ts); conductances in block RAM',
    params: z.strictObject({
      rows: count(32, 'rows R (spike inputs), up to 256'),
      cols: count(32, 'columns C, up to 256'),
      gbits: count(4, 'bits of a conductance level, 1..8'),
      adcBits: count(8, 'ADC bits k, 1..8'),
      adcShare: count(32, 'columns per ADC: a power of two dividing cols'),
    }),
    build: async (p) => (await import('../rtl/crossbar/index.ts')).CrossbarTwin(p),
  }),
  target({
    name: 'sampler',
    description: 'LFSR-free sampler: lanes of random numbers from the threshold bits of an entropy macro (rtl/sampler, docs/tile-spec.md § Sampler)',
    params: z.strictObject(samplerFields),
    build: async (p) => (await import('../rtl/sampler/index.ts')).Sampler(p),
  }),
  target({
    name: 'sampler-digital',
    description: 'sampler logic + the entropy macro interface, ending at the macro pins (no twin: the part synthesized next to the hard macro)',
    params: z.strictObject(samplerFields),
    build: async (p) => (await import('../rtl/sampler/index.ts')).SamplerDigital(p),
  }),
  target({
    name: 'bitstream',
    description: 'stochastic-computing bitstream ALU: SNG, AND/XNOR multiply, MUX add, OR, CORDIV, tanh FSM, XOR, counter (rtl/bitstream)',
    params: z.strictObject(bitstreamFields),
    build: async (p) => (await import('../rtl/bitstream/index.ts')).BitstreamAlu(p),
  }),
  target({
    name: 'sc-sng',
    description: 'comparator stream generator alone: stream = random < value (rtl/bitstream)',
    params: z.strictObject({ bits: count(8, 'bits of the value and the random number, 1..16') }),
    build: async (p) => (await import('../rtl/bitstream/index.ts')).ComparatorSng(p.bits),
  }),
  target({
    name: 'sc-cordiv',
    description: 'CORDIV stochastic divider alone (rtl/bitstream)',
    params: z.strictObject({}),
    build: async () => (await import('../rtl/bitstream/index.ts')).CordivDivider(),
  }),
  target({
    name: 'sc-counter',
    description: 'stream counter (stream -> binary) alone (rtl/bitstream)',
    params: z.strictObject({ width: count(13, 'counter width in bits') }),
    build: async (p) => (await import('../rtl/bitstream/index.ts')).StreamCounter(p.width),
  }),
  target({
    name: 'neuron',
    description: 'array of LIF neurons, one per crossbar column, updated one ADC round at a time (rtl/neuron)',
    params: z.strictObject({
      cols: count(16, 'neurons (= crossbar columns), up to 256'),
      adcShare: count(4, 'neurons per update unit (columns per ADC): a power of two dividing cols'),
      adcBits: count(6, 'bits of the ADC code added per update, 1..8'),
      vBits: count(16, 'membrane potential bits, 4..24'),
      refBits: count(4, 'refractory counter bits, 1..8'),
      numberBits: count(8, 'bits of a random number (stochastic firing), 8..16'),
      lanes: count(4, 'random-number lanes, 1..32'),
    }),
    build: async (p) => (await import('../rtl/neuron/index.ts')).NeuronArray(p),
  }),
  target({
    name: 'tile',
    description: 'neuromorphic tile: crossbar + twin, LFSR-free sampler, LIF neurons, encoder, emitter, router, decision stage, CSRs (rtl/tile)',
    params: z.strictObject(tileFields),
    build: async (p) => (await import('../rtl/tile/index.ts')).Tile(await tileConfigOf(p)),
  }),
  target({
    name: 'tile-digital',
    description: "the tile's logic ending at its two analog macros' pins (no twins): what is synthesized next to the hard macros",
    params: z.strictObject(tileFields),
    build: async (p) => (await import('../rtl/tile/index.ts')).Tile(await tileConfigOf(p), { macros: 'pins' }),
  }),
  target({
    name: 'chip',
    description: 'W x H mesh of tiles with one host port and a timestep barrier: the reference design (rtl/chip)',
    params: z.strictObject({ width: count(2, 'tiles along x'), height: count(1, 'tiles along y'), ...tileFields }),
    build: async (p) => (await import('../rtl/chip/chip.ts')).Chip({ width: p.width, height: p.height, tile: await tileConfigOf(p) }),
  }),
];

/** The reference design that commands use when no --target is given: the 2 x 1 chip of 256 x 256 tiles. */
export const DEFAULT_TARGET = 'chip';

export function targetNames(): string[] {
  return TARGETS.map((t) => t.name);
}

/** The target called `name`, or undefined. */
export function findTarget(name: string): Target | undefined {
  return TARGETS.find((t) => t.name === name);
}

/** The parameters of the built-in reference configuration of a target. */
export function defaultParams(t: Target): Record<string, unknown> {
  return t.params.parse({}) as Record<string, unknown>;
}
