// The network file (JSON) that `neurotile train` writes and `emulate` loads:
// a spiking network mapped onto the reference chip (2 x 1 mesh of 256 x 256
// differential-PCM tiles). Documented in docs/network.md; checked by zod on
// load, every problem a BadInput naming the file and the field.
import { readFileSync, existsSync } from 'node:fs';
import { z } from 'zod';
import { BadInput } from '../bad-input.ts';
import type { ChipLayer, ChipNetwork } from '../functional/chip-model.ts';
import type { FloatLayer } from '../functional/float-run.ts';

export const NETWORK_FORMAT = 'neurotile-snn';
export const NETWORK_VERSION = 1;

const int = z.number().int();

const layerSchema = z
  .object({
    name: z.string(),
    /** Tile (x, y) in the mesh this layer is programmed into. */
    tile: z.tuple([int.min(0), int.min(0)]),
    /** Crossbar rows fed by the layer's inputs: rows 0 .. inputs-1. */
    inputs: int.min(1).max(255),
    /** Neurons = crossbar columns 0 .. outputs-1. */
    outputs: int.min(1).max(256),
    /** The always-on bias row (= inputs). */
    biasRow: int.min(1).max(255),
    /** Float weight that level L_MAX stands for (per-layer clip scale). */
    clipScale: z.number().positive(),
    /** (inputs + 1) rows x outputs signed levels, -L_MAX..L_MAX; the last row is the bias row. */
    levels: z.array(z.array(int)),
    /** Float weights before quantization, (inputs + 1) x outputs, row-major, little-endian float32, base64. */
    floatWeights: z.string(),
    /** Activation value that one spike per timestep stands for. */
    unitRate: z.number().positive(),
    /** ADC shift sh (code = clamp(floor(I / 2^sh))). */
    shift: int.min(0).max(31),
    /** Firing threshold theta in ADC-code units (before drift compensation). */
    threshold: int.min(1).max(32767),
    leak: int.min(-32768).max(32767),
    reset: z.literal('subtract'),
  })
  .strict();

const readoutSchema = z
  .object({
    kind: z.literal('count-power'),
    /** count-power (the readout): p_k ~ (c_k / S + offset)^exponent, per sample count S, fitted on held-out training data. */
    power: z.record(z.string(), z.object({ offset: z.number().positive(), exponent: z.number().positive() }).strict()),
    /** count-softmax alternative: p = softmax(summed counts / (S tau)); tau per sample count. */
    temperature: z.record(z.string(), z.number().positive()),
    /** vote-dirichlet alternative: p = (votes + a) / (S + K a). */
    dirichletPrior: z.number().positive(),
    fittedOn: z.string(),
  })
  .strict();

export const networkSchema = z
  .object({
    format: z.literal(NETWORK_FORMAT),
    version: z.literal(NETWORK_VERSION),
    name: z.string(),
    description: z.string(),
    dataset: z.literal('fashion-mnist'),
    input: z.object({ pool: z.literal(2), side: z.literal(14), rows: z.literal(196), encoding: z.literal('bernoulli-k/256') }).strict(),
    /** Label of each output neuron. */
    classes: z.array(int.min(0).max(9)),
    /** Labels the network never saw in training (open-set variant). */
    heldOutClasses: z.array(int.min(0).max(9)),
    chip: z
      .object({
        mesh: z.tuple([int, int]),
        tileRows: int,
        tileCols: int,
        gbits: int.min(1).max(8),
        adcBits: int.min(1).max(8),
      })
      .strict(),
    /** Timesteps per sample the mapping was tuned for. */
    timesteps: int.min(2),
    readout: readoutSchema,
    layers: z.tuple([layerSchema, layerSchema]),
    training: z.record(z.string(), z.unknown()),
    mapping: z.record(z.string(), z.unknown()),
  })
  .strict();

export type NetworkFile = z.infer<typeof networkSchema>;
export type NetworkLayerFile = NetworkFile['layers'][number];

/** float32 little-endian base64 of `w`. */
export function encodeFloats(w: ArrayLike<number>): string {
  const f = Float32Array.from(w as ArrayLike<number>);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString('base64');
}

export function decodeFloats(s: string, expected: number, where: string): Float32Array {
  const b = Buffer.from(s, 'base64');
  if (b.length !== expected * 4) throw new BadInput(`${where}: floatWeights holds ${b.length} bytes, expected ${expected} float32 values (${expected * 4} bytes)`);
  const out = new Float32Array(expected);
  for (let i = 0; i < expected; i++) out[i] = b.readFloatLE(4 * i);
  return out;
}

/** Checks the parts zod cannot: shapes, level ranges, the layer chain, the fit on the chip. */
function checkConsistency(n: NetworkFile, name: string): void {
  const lMax = 2 ** n.chip.gbits - 1;
  const [l1, l2] = n.layers;
  if (l1.inputs !== n.input.rows) throw new BadInput(`${name}: layers[0].inputs is ${l1.inputs}, the input has ${n.input.rows} rows`);
  if (l2.inputs !== l1.outputs) throw new BadInput(`${name}: layers[1].inputs (${l2.inputs}) must equal layers[0].outputs (${l1.outputs})`);
  if (l2.outputs !== n.classes.length) throw new BadInput(`${name}: layers[1] has ${l2.outputs} outputs for ${n.classes.length} classes`);
  n.layers.forEach((l, i) => {
    const where = `${name}: layers[${i}]`;
    if (l.biasRow !== l.inputs) throw new BadInput(`${where}.biasRow must be ${l.inputs} (the row after the inputs), got ${l.biasRow}`);
    if (l.inputs + 1 > n.chip.tileRows || l.outputs > n.chip.tileCols) throw new BadInput(`${where}: ${l.inputs + 1} x ${l.outputs} does not fit a ${n.chip.tileRows} x ${n.chip.tileCols} tile`);
    if (l.levels.length !== l.inputs + 1) throw new BadInput(`${where}.levels has ${l.levels.length} rows, expected ${l.inputs + 1}`);
    l.levels.forEach((row, r) => {
      if (row.length !== l.outputs) throw new BadInput(`${where}.levels[${r}] has ${row.length} entries, expected ${l.outputs}`);
      const bad = row.findIndex((m) => Math.abs(m) > lMax);
      if (bad >= 0) throw new BadInput(`${where}.levels[${r}][${bad}] = ${row[bad]} is outside -${lMax}..${lMax} (GBITS ${n.chip.gbits})`);
    });
    decodeFloats(l.floatWeights, (l.inputs + 1) * l.outputs, where);
  });
}

/** Loads and checks a network file; every problem is a BadInput with one line. */
export function loadNetwork(path: string): NetworkFile {
  if (!existsSync(path)) throw new BadInput(`network file '${path}' not found`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new BadInput(`${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  return parseNetwork(raw, path);
}

export function parseNetwork(raw: unknown, name: string): NetworkFile {
  if (typeof raw === 'object' && raw !== null && 'version' in raw && (raw as { version: unknown }).version !== NETWORK_VERSION && (raw as { format?: unknown }).format === NETWORK_FORMAT) {
    throw new BadInput(`${name}: network file version ${String((raw as { version: unknown }).version)} is not supported (this neurotile reads version ${NETWORK_VERSION})`);
  }
  const r = networkSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new BadInput(`${name}: ${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
  }
  checkConsistency(r.data, name);
  return r.data;
}

/** Signed levels of a layer as one row-major Int16Array. */
export function layerLevels(l: NetworkLayerFile): Int16Array {
  const out = new Int16Array((l.inputs + 1) * l.outputs);
  l.levels.forEach((row, r) => out.set(row, r * l.outputs));
  return out;
}

/** What the functional model (and the chip mapping) needs. */
export function chipNetworkOf(n: NetworkFile): ChipNetwork {
  const layer = (l: NetworkLayerFile): ChipLayer => ({ inputs: l.inputs, outputs: l.outputs, levels: layerLevels(l), shift: l.shift, threshold: l.threshold, leak: l.leak });
  return { gbits: n.chip.gbits, adcBits: n.chip.adcBits, layers: [layer(n.layers[0]), layer(n.layers[1])] };
}

/** Float layers for the software run: 'float' = the trained weights, 'quantized' = the levels times the clip scale. */
export function floatLayersOf(n: NetworkFile, which: 'float' | 'quantized'): [FloatLayer, FloatLayer] {
  const lMax = 2 ** n.chip.gbits - 1;
  const layer = (l: NetworkLayerFile): FloatLayer => ({
    inputs: l.inputs,
    outputs: l.outputs,
    unitRate: l.unitRate,
    w: which === 'float' ? Float64Array.from(decodeFloats(l.floatWeights, (l.inputs + 1) * l.outputs, 'network')) : Float64Array.from(layerLevels(l), (m) => (m / lMax) * l.clipScale),
  });
  return [layer(n.layers[0]), layer(n.layers[1])];
}

/** The file's text: stable key order and two-space indentation, levels one row per line. */
export function networkJson(n: NetworkFile): string {
  const text = JSON.stringify(n, null, 2);
  // Keep each level row on one line (the default would put every number on its own line).
  return `${text.replace(/\[\n\s+(-?\d+(?:,\n\s+-?\d+)*)\n\s+\]/g, (_m, body: string) => `[${body.replace(/,\n\s+/g, ', ')}]`)}\n`;
}
