// The tile's host CSR port against docs/tile-spec.md § Tile ("Host CSR
// port", "CSR register map"): latency, back-to-back accesses, the live set,
// and the read-back of every writable register with the field masks of the
// register table (written out here from the spec).
import { describe, expect, it } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import type { PortValues } from './interface.ts';
import { PortBench } from './port-bench.test-util.ts';
import { CSR, isLive, TILE_ID } from './csr.ts';
import { COUNTER_NAMES } from './counters.ts';
import type { TileParams } from './params.ts';
import { samplerParams } from '../sampler/index.ts';
import { ChipEmulator } from '../chip/index.ts';

const P: TileParams = { rows: 12, cols: 6, gbits: 3, adcBits: 5, adcShare: 2, vBits: 10, refBits: 3, fanout: 3, classes: 4, xBits: 2, yBits: 1, fifoDepth: 2, sampler: samplerParams({ lanes: 4, numberBits: 9 }) };

class Bench extends PortBench {
  constructor() {
    super(P);
  }
  cycle2(extra: PortValues = {}) {
    return this.tick(extra);
  }
}

describe('tile CSR port timing', () => {
  it('answers a request taken at edge a from cycle a+2, holds it until taken, 2 cycles per access back to back', () => {
    const b = new Bench();
    expect(b.cycle2(b.req(CSR.ID)).csr_req_ready).toBe(1n); // taken at edge 0
    let o = b.cycle2(b.req(CSR.GEOMETRY));
    expect([o.csr_req_ready, o.csr_resp_valid]).toEqual([0n, 0n]); // in flight
    o = b.cycle2({ ...b.req(CSR.GEOMETRY), csr_resp_ready: 0n });
    expect([o.csr_req_ready, o.csr_resp_valid, o.csr_resp_rdata]).toEqual([0n, 1n, BigInt(TILE_ID)]); // waiting, not taken
    o = b.cycle2({ ...b.req(CSR.GEOMETRY), csr_resp_ready: 0n });
    expect([o.csr_req_ready, o.csr_resp_valid]).toEqual([0n, 1n]);
    o = b.cycle2(b.req(CSR.GEOMETRY)); // response taken, next request taken in the same cycle
    expect([o.csr_req_ready, o.csr_resp_valid]).toEqual([1n, 1n]);
    o = b.cycle2();
    expect(o.csr_resp_valid).toBe(0n);
    o = b.cycle2();
    expect(o.csr_resp_rdata).toBe(BigInt(12 | (6 << 9) | (3 << 18) | (5 << 22) | (1 << 26)));
  });

  it('reads a register as it is in cycle a+1: COUNTER[cycles] counts the cycles before it', () => {
    const b = new Bench();
    for (let i = 0; i < 5; i++) b.cycle2();
    b.cycle2(b.req(CSR.COUNTER)); // taken at edge 5: the value of cycle 6 counts edges 0..5
    b.cycle2();
    expect(b.cycle2().csr_resp_rdata).toBe(6n);
  });

  it('non-live registers wait while the tile runs, live ones do not', () => {
    const b = new Bench();
    b.cycle2(b.req(CSR.THRESHOLD, true, 500));
    b.cycle2();
    expect(b.cycle2({ step_valid: 1n, step_kind: 1n }).step_ready).toBe(1n); // TIMESTEP taken
    const D = 3 + 2 * (12 + 3);
    let waited = 0;
    for (;;) {
      const o = b.cycle2(b.req(CSR.THRESHOLD));
      if (o.csr_req_ready === 1n) break;
      expect(o.step_ready).toBe(0n);
      expect(b.m.outputs({ ...b.base, ...b.req(CSR.STATUS) }).csr_req_ready).toBe(1n);
      waited++;
    }
    expect(waited).toBe(D - 1); // busy from the cycle after the step to the last beat
  });

  it('the live set is 0x00000-0x00007 and 0x00030-0x000ff', () => {
    expect([0, 5, 7].every(isLive)).toBe(true);
    expect([8, 0x10, 0x20, 0x2f, 0x100, 0x400, 0x10000].some(isLive)).toBe(false);
    expect([0x30, 0x70, 0x80, 0x92, 0xff].every(isLive)).toBe(true);
  });
});

/** What a read returns after writing `v` to `addr`, by the register table (undefined: not a rw register). */
function expectedReadBack(addr: number, v: number): number {
  const lo = (n: number) => (n >= 32 ? 0xffffffff : 2 ** n - 1);
  const sext = (x: number, bits: number) => ((x & lo(bits)) << (32 - bits)) >> (32 - bits) >>> 0;
  const K = P.sampler.numberBits;
  const L = 2 ** P.gbits - 1;
  const idBits = Math.ceil(Math.log2(P.rows));
  switch (addr) {
    case CSR.ADC_SHIFT: return v & 31;
    case CSR.THRESHOLD: return v & lo(P.vBits - 1);
    case CSR.LEAK: return sext(v, P.vBits);
    case CSR.NEURON_MODE: return v & 0xf3;
    case CSR.REFRACTORY: return v & lo(P.refBits);
    case CSR.INPUT_ROWS: return v & 0x1ff;
    case CSR.ABSTAIN_THRESHOLD: return v & lo(K);
    case CSR.ALU_LOG2N: return v & 15;
    case CSR.XBAR_SEED: return v >>> 0;
  }
  if (addr >= 0x20 && addr < 0x28) {
    const w = addr - 0x20;
    let m = 0;
    for (let b = 0; b < 32; b++) if (32 * w + b < P.rows) m |= 1 << b;
    return (v & m) >>> 0;
  }
  if (addr >= 0x100 && addr < 0x200) return addr - 0x100 <= L ? v & 0xffff : 0;
  if (addr >= 0x400 && addr < 0x500) return addr - 0x400 < P.rows ? v & lo(K) : 0;
  if (addr >= 0x800 && addr < 0xc00) return addr - 0x800 < P.cols ? sext(v, P.vBits) : 0;
  if (addr >= 0xc00 && addr < 0x1000) return addr - 0xc00 < P.cols ? v & lo(P.refBits) : 0;
  if (addr >= 0x1000 && addr < 0x2000) {
    const n = (addr - 0x1000) >> 4;
    const k = addr & 15;
    return n < P.cols && k < P.fanout ? (v & (0x80000000 | (lo(P.xBits) << 24) | (lo(P.yBits) << 16) | lo(idBits))) >>> 0 : 0;
  }
  if (addr >= 0x10000) {
    const r = (addr >> 8) & 0xff;
    const c = addr & 0xff;
    return r < P.rows && c < P.cols ? (v & L) | (((v >> 8) & L) << 8) : 0;
  }
  return 0; // holes, cmd and (for writes) read-only registers read 0 or keep their own value
}

const rwAddress = fc.oneof(
  fc.constantFrom(CSR.ADC_SHIFT, CSR.THRESHOLD, CSR.LEAK, CSR.NEURON_MODE, CSR.REFRACTORY, CSR.INPUT_ROWS, CSR.ABSTAIN_THRESHOLD, CSR.ALU_LOG2N, CSR.XBAR_SEED),
  fc.integer({ min: 0x20, max: 0x27 }),
  fc.integer({ min: 0x100, max: 0x10f }),
  fc.integer({ min: 0x400, max: 0x40f }),
  fc.integer({ min: 0x800, max: 0x808 }),
  fc.integer({ min: 0xc00, max: 0xc08 }),
  fc.integer({ min: 0x1000, max: 0x1000 + 16 * 7 }),
  fc.integer({ min: 0, max: 14 }).chain((r) => fc.integer({ min: 0, max: 8 }).map((c) => 0x10000 + 256 * r + c)),
  // holes and names of nothing
  fc.constantFrom(0x6, 0x7, 0x12, 0x1f, 0x28, 0x72, 0x93, 0xff, 0x200, 0x3ff, 0x500, 0x7ff, 0x3000, 0xffff, 0x1ff00),
);

describe('tile CSR read-back', () => {
  fcTest.prop([fc.array(fc.tuple(rwAddress, fc.integer({ min: 0, max: 0xffffffff })), { minLength: 1, maxLength: 30 })], { numRuns: 150, seed: 31337 })(
    'every writable register reads back what was written, masked to its field; holes read 0',
    (writes) => {
      const emu = new ChipEmulator({ width: 1, height: 1, tile: P });
      const last = new Map<number, number>();
      for (const [addr, v] of writes) {
        emu.writeTile(0, 0, addr, v);
        last.set(addr, v);
      }
      for (const [addr, v] of last) expect(emu.readTile(0, 0, addr), `0x${addr.toString(16)}`).toBe(expectedReadBack(addr, v));
    },
  );

  it('identification registers and the counter names', () => {
    const emu = new ChipEmulator({ width: 1, height: 1, tile: P });
    expect(emu.readTile(0, 0, CSR.ID)).toBe(0x4e540001);
    expect(emu.readTile(0, 0, CSR.CONFIG)).toBe(10 | (3 << 5) | (3 << 9) | (4 << 13) | (4 << 18) | (9 << 24));
    expect(emu.readTile(0, 0, CSR.STATUS)).toBe(1 | 16); // idle, quiet
    emu.writeTile(0, 0, CSR.ID, 0);
    expect(emu.readTile(0, 0, CSR.ID)).toBe(0x4e540001);
    expect(COUNTER_NAMES.length).toBe(19);
    expect(COUNTER_NAMES[0]).toBe('cycles');
    expect(COUNTER_NAMES[18]).toBe('off_mesh_drops');
  });
});
