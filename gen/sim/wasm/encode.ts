// A WebAssembly binary module of the few instructions the comb-loop kernels use (lane-kernel.ts):
// i32 scalars, i32x4 lanes, loads and stores to one imported memory, one loop. Hand-encoded:
// the subset is small, and an assembler package would be a dependency for ~40 opcodes.
// Encoding: https://webassembly.github.io/spec/core/binary/ (SIMD opcodes: 0xfd, then a LEB128 u32).

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer (i32.const's immediate). */
export function sleb(n: number): number[] {
  n |= 0;
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** Scalar opcodes. */
export const Op = {
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Const: 0x41,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  i32ShrU: 0x76,
} as const;

/** SIMD opcodes (after the 0xfd prefix). */
export const Simd = {
  load32Zero: 0x5c,
  load32Lane: 0x56,
  store32Lane: 0x5a,
  const: 0x0c,
  splat: 0x11,
  extractLane: 0x1b,
  replaceLane: 0x1c,
  eq: 0x37,
  ne: 0x38,
  ltS: 0x39,
  ltU: 0x3a,
  gtS: 0x3b,
  gtU: 0x3c,
  leS: 0x3d,
  leU: 0x3e,
  geS: 0x3f,
  geU: 0x40,
  and: 0x4e,
  or: 0x50,
  xor: 0x51,
  bitselect: 0x52,
  neg: 0xa1,
  shl: 0xab,
  shrS: 0xac,
  shrU: 0xad,
  add: 0xae,
  sub: 0xb1,
  mul: 0xb5,
} as const;

/** A function body under construction. */
export class Code {
  readonly bytes: number[] = [];
  op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  simd(op: number, ...immediates: number[]): this {
    this.bytes.push(0xfd, ...uleb(op), ...immediates);
    return this;
  }
  i32(n: number): this {
    return this.op(Op.i32Const, ...sleb(n));
  }
  /** A 32-bit memory access's immediate: alignment 2^2, then the byte offset. */
  static memarg(offset: number): number[] {
    return [2, ...uleb(offset)];
  }
  /** A vector of four equal 32-bit lanes. */
  v128(n: number): this {
    const lane = [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
    return this.simd(Simd.const, ...lane, ...lane, ...lane, ...lane);
  }
}

export interface WasmFunction {
  name: string;
  /** Parameters, all i32. */
  params: number;
  /** Declared locals after the parameters: i32 ones first, then v128 ones. */
  i32Locals: number;
  v128Locals: number;
  /** The instructions, without the final `end`. */
  body: number[];
}

const I32 = 0x7f;
const V128 = 0x7b;

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

/** A module importing memory `m.mem` (at least `pages` 64 KiB pages) and exporting `functions` (no results). */
export function wasmModule(pages: number, functions: WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(Array.from({ length: f.params }, () => [I32])), 0]);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('m'), ...name('mem'), 0x02, 0x00, ...uleb(pages)]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(functions.map((f) => {
      const groups = [...(f.i32Locals ? [[...uleb(f.i32Locals), I32]] : []), ...(f.v128Locals ? [[...uleb(f.v128Locals), V128]] : [])];
      const body = [...vec(groups), ...f.body, Op.end];
      return [...uleb(body.length), ...body];
    }))),
  ];
  return new Uint8Array(bytes);
}
