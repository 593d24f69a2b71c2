// Memories and black boxes.
import { module, blackbox, UInt, Bool } from '../index.ts';

/** A lookup table in a synchronous memory with initial contents, plus a write port. */
export const LookupRam = (width: number, depth: number) =>
  module('LookupRam', { width, depth }, (m) => {
    const addrWidth = Math.max(1, Math.ceil(Math.log2(depth)));
    const raddr = m.input('raddr', UInt(addrWidth));
    const waddr = m.input('waddr', UInt(addrWidth));
    const wdata = m.input('wdata', UInt(width));
    const we = m.input('we', Bool());
    const lut = m.mem('lut', UInt(width), depth, {
      init: Array.from({ length: depth }, (_, i) => BigInt(i * i) & ((1n << BigInt(width)) - 1n)),
    });
    m.when(we, () => lut.write(waddr, wdata));
    m.output('rdata', UInt(width)).set(lut.read('lut_rdata', raddr));
  });

/** An external analog macro, declared by its ports only, with a behavioural Verilog stand-in. */
export const ExternalDelay = (width: number) =>
  blackbox(
    'ExternalDelay',
    { width },
    (b) => {
      b.clock();
      const d = b.input('d', UInt(width));
      const q = b.output('q', UInt(width));
      return { d, q };
    },
    {
      verilog: [
        '// Behavioural stand-in for a hard macro: one-cycle delay.',
        'module ExternalDelay (',
        '  input  wire clock,',
        `  input  wire [${width - 1}:0] d,`,
        `  output reg  [${width - 1}:0] q`,
        ');',
        '  always @(posedge clock) q <= d;',
        'endmodule',
        '',
      ].join('\n'),
    },
  );

/** Uses the black box twice in series. */
export const DelayChain = (width: number) =>
  module('DelayChain', { width }, (m) => {
    const d = m.input('d', UInt(width));
    const first = m.instance('first', ExternalDelay(width));
    const second = m.instance('second', ExternalDelay(width));
    first.d.set(d);
    second.d.set(first.q);
    m.output('q', UInt(width)).set(second.q);
  });
