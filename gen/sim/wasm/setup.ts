// The generated simulator's state array in a WebAssembly memory, and the module of its comb-loop
// kernels (lane-kernel.ts): the lines that replace `const $s = new Uint32Array(n)` when a
// design has kernels. $s stays a Uint32Array (a view of the memory from byte 0; the memory
// never grows, so the view stays valid); each kernel's frame table follows it.
import { wasmModule, Code, Simd } from './encode.ts';
import type { LaneKernel } from './lane-kernel.ts';

const PAGE = 65536;

let available: boolean | undefined;

// The project's TypeScript libraries leave WebAssembly out; the one call made here from TypeScript.
const wasm = (globalThis as { WebAssembly?: { validate(bytes: Uint8Array): boolean } }).WebAssembly;

/** Whether this runtime compiles WebAssembly SIMD (Node 16.4 and later do). */
export function simdAvailable(): boolean {
  if (available === undefined) {
    const probe = new Code().v128(1).v128(2).simd(Simd.add).simd(Simd.extractLane, 0);
    const bytes = wasmModule(1, [{ name: 'probe', params: 0, i32Locals: 0, v128Locals: 0, body: [...probe.bytes, 0x1a /* drop */] }]);
    available = wasm !== undefined && wasm.validate(bytes);
  }
  return available;
}

/** Declarations of $s (`slots` words), the kernels' tables ($KT<i>: byte addresses) and their exports ($K). */
export function wasmSetup(slots: number, kernels: LaneKernel[]): string[] {
  let at = Math.ceil((4 * slots) / 16) * 16;
  const tables = kernels.map((k, i) => {
    const line = `new Int32Array($mem.buffer, ${at}, ${k.table.length}).set([${k.table.join(',')}]); const $KT${i} = ${at}; // kernel ${k.fn.name}'s frame table`;
    at += 4 * k.table.length;
    return line;
  });
  const pages = Math.max(1, Math.ceil(at / PAGE));
  const bytes = wasmModule(pages, kernels.map((k) => k.fn));
  return [
    `const $mem = new WebAssembly.Memory({ initial: ${pages}, maximum: ${pages} });`,
    `const $s = new Uint32Array($mem.buffer, 0, ${slots});`,
    ...tables,
    `const $K = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([${bytes.join(',')}])), { m: { mem: $mem } }).exports; // gen/sim/wasm/lane-kernel.ts`,
  ];
}
