// The hand encoder against the spec's LEB128 examples and a module the runtime runs.
import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { Code, Op, Simd, sleb, uleb, wasmModule } from './encode.ts';

/** Decodes signed LEB128 (the spec's algorithm, independent of sleb). */
function decodeSleb(bytes: number[]): number {
  let result = 0n;
  let shift = 0n;
  for (const b of bytes) {
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if ((b & 0x80) === 0) return Number(BigInt.asIntN(Number(shift), result));
  }
  throw new Error('unterminated');
}

describe('wasm encoder', () => {
  it('LEB128 as the spec shows it', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
  });

  test.prop([fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })])('sleb round-trips every i32', (n) => {
    expect(decodeSleb(sleb(n))).toBe(n);
  });

  it('a module it encodes runs: lane-wise i32x4 arithmetic on the imported memory', () => {
    // mem[0..3] = mem[0..3] * 3 + 1, four lanes at once.
    const c = new Code();
    c.i32(0).i32(0).simd(Simd.load32Zero, ...Code.memarg(0));
    for (let lane = 1; lane < 4; lane++) c.op(Op.localSet, 0).i32(4 * lane).op(Op.localGet, 0).simd(Simd.load32Lane, ...Code.memarg(0), lane);
    c.v128(3).simd(Simd.mul).v128(1).simd(Simd.add).simd(0x0b, ...Code.memarg(0)); // v128.store
    const bytes = wasmModule(1, [{ name: 'run', params: 0, i32Locals: 0, v128Locals: 1, body: c.bytes }]);
    const W = (globalThis as any).WebAssembly;
    const mem = new W.Memory({ initial: 1 });
    new Uint32Array(mem.buffer).set([5, 0xffffffff, 7, 100]);
    new W.Instance(new W.Module(bytes), { m: { mem } }).exports.run();
    expect([...new Uint32Array(mem.buffer, 0, 4)]).toEqual([16, 0xfffffffe, 22, 301]);
  });
});
