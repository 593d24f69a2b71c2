// The chip as the RTL builds it: W x H port-level TileModels wired by their
// ports (links, edge tie-offs, the step broadcast, the host port's request
// routing and response OR), with the controller and chip registers written
// out here again from docs/tile-spec.md § Chip. Driven by a random host
// (random request timing and response back-pressure), it must show the same
// host_req_ready, host_resp_valid/rdata, busy and done as ChipModel on every
// cycle.
import { describe, expect } from 'vitest';
import { fc, test as fcTest } from '@fast-check/vitest';
import { entropyProgram, programWrites } from '../sampler/index.ts';
import { CSR, MESH_PORTS, routeAddr, routeWord, TileModel, type PortValues } from '../tile/index.ts';
import { ChipModel } from './interface.ts';
import { chipCase, type ChipCase } from './random-chip.test-util.ts';
import type { ChipParams } from './params.ts';

const OPP = [2, 3, 0, 1];

class PortChip {
  readonly tiles: TileModel[];
  // controller and chip registers
  T = 0;
  S = 0;
  busy = false;
  done = false;
  cycles = 0;
  runCycles = 0;
  /** The remaining step sequence (kinds), filled at a start. */
  queue: number[] = [];
  afterRunEnd = false;
  started = 0;
  issued = 0;
  // host port
  outstanding = false;
  chipInflight: { write: boolean; addr: number } | undefined = undefined;
  chipResp: number | undefined = undefined;

  constructor(readonly p: ChipParams) {
    this.tiles = Array.from({ length: p.width * p.height }, () => new TileModel(p.tile));
  }

  private tileInputs(i: number, outs: Record<string, bigint | undefined>[], extra: PortValues): PortValues {
    const { width: W, height: H } = this.p;
    const x = i % W;
    const y = Math.floor(i / W);
    const nb = [y > 0 ? i - W : -1, x < W - 1 ? i + 1 : -1, y < H - 1 ? i + W : -1, x > 0 ? i - 1 : -1];
    const inp: PortValues = { here_x: BigInt(x), here_y: BigInt(y), mesh_edge: BigInt(nb.reduce((m, n, q) => m | (n < 0 ? 1 << q : 0), 0)), ...extra };
    MESH_PORTS.forEach((name, q) => {
      const n = nb[q]!;
      const other = MESH_PORTS[OPP[q]!];
      inp[`in_${name}_valid`] = n < 0 ? 0n : outs[n]![`out_${other}_valid`]!;
      inp[`in_${name}_bits`] = n < 0 ? 0n : outs[n]![`out_${other}_bits`]!;
      inp[`out_${name}_ready`] = n < 0 ? 1n : outs[n]![`in_${other}_ready`]!;
    });
    return inp;
  }

  private chipRead(addr: number): number {
    if (addr === 0) return 0x4e430001;
    if (addr === 1) return this.p.width | (this.p.height << 8);
    if (addr === 2) return this.T;
    if (addr === 3) return this.S;
    if (addr === 5) return ((this.busy ? 1 : 0) | (this.done ? 2 : 0) | (Math.max(0, this.started - 1) << 8) | (this.issued << 16)) >>> 0;
    if (addr === 6) return this.cycles;
    if (addr === 7) return this.runCycles;
    return 0;
  }

  /** One cycle: the chip's outputs for the host inputs, then the edge. */
  cycle(h: PortValues): Record<string, bigint> {
    const csrIdle: PortValues = { csr_req_valid: 0n, csr_req_write: 0n, csr_req_addr: 0n, csr_req_wdata: 0n, csr_resp_ready: h.host_resp_ready!, step_valid: 0n, step_kind: 0n };
    // router-side outputs depend on the state only: read them with any inputs
    const probe = this.tiles.map((t, i) => t.outputs(this.tileInputs(i, this.tiles.map(() => ({})), csrIdle)));
    const barrier = probe.every((o) => o.step_ready === 1n && o.quiet === 1n);
    const stepValid = this.busy && barrier && this.queue.length > 0;
    const runEnds = this.busy && barrier && this.queue.length === 0 && this.afterRunEnd;
    const kind = this.queue[0] ?? 0;
    const respValidNow = this.chipResp !== undefined || probe.some((o) => o.csr_resp_valid === 1n);
    let rdata = this.chipResp ?? 0;
    for (const o of probe) if (o.csr_resp_valid === 1n) rdata |= Number(o.csr_resp_rdata);
    const respTaken = h.host_resp_ready === 1n && respValidNow;
    const free = !this.outstanding || respTaken;
    const x = Number(h.host_req_x);
    const y = Number(h.host_req_y);
    const target = h.host_req_chip === 1n || x >= this.p.width || y >= this.p.height ? -1 : y * this.p.width + x;
    const addr = Number(h.host_req_addr);
    const tileIn = this.tiles.map((_, i) =>
      this.tileInputs(i, probe, {
        step_valid: stepValid ? 1n : 0n,
        step_kind: BigInt(kind),
        csr_req_valid: h.host_req_valid === 1n && free && i === target ? 1n : 0n,
        csr_req_write: h.host_req_write!,
        csr_req_addr: h.host_req_addr!,
        csr_req_wdata: h.host_req_wdata!,
        csr_resp_ready: h.host_resp_ready!,
      }),
    );
    const outs = this.tiles.map((t, i) => t.outputs(tileIn[i]!));
    const chipLive = !(h.host_req_chip === 1n && (addr === 2 || addr === 3));
    const targetReady = target < 0 ? this.chipInflight === undefined && (this.chipResp === undefined || h.host_resp_ready === 1n) && (!this.busy || chipLive) : outs[target]!.csr_req_ready === 1n;
    const ready = targetReady && free;
    const result = { host_req_ready: ready ? 1n : 0n, host_resp_valid: respValidNow ? 1n : 0n, host_resp_rdata: BigInt(rdata >>> 0), busy: this.busy ? 1n : 0n, done: this.done ? 1n : 0n };
    // ---- the edge ----
    const taken = h.host_req_valid === 1n && ready;
    this.tiles.forEach((t, i) => t.step(tileIn[i]!));
    const chipReadValue = this.chipInflight && !this.chipInflight.write ? (this.chipInflight.addr < 0 ? 0 : this.chipRead(this.chipInflight.addr)) : 0;
    if (this.chipInflight) this.chipResp = chipReadValue;
    else if (this.chipResp !== undefined && h.host_resp_ready === 1n) this.chipResp = undefined;
    this.chipInflight = undefined;
    let start = false;
    let clear = false;
    if (taken && target < 0) {
      this.chipInflight = { write: h.host_req_write === 1n, addr: h.host_req_chip === 1n ? addr : -1 };
      if (h.host_req_write === 1n && h.host_req_chip === 1n) {
        const d = Number(h.host_req_wdata);
        if (addr === 2) this.T = d & 0xffff;
        if (addr === 3) this.S = d & 0xff;
        if (addr === 4) {
          start = (d & 1) === 1 && !this.busy;
          clear = (d & 2) === 2;
        }
      }
    }
    if (taken) this.outstanding = true;
    else if (respTaken) this.outstanding = false;
    if (this.busy) this.runCycles = (this.runCycles + 1) >>> 0;
    if (stepValid) {
      const k = this.queue.shift()!;
      if (k === 0) {
        this.started++;
        this.issued = 0;
      }
      if (k === 1 || k === 2) this.issued++;
      if (k === 4) this.afterRunEnd = true;
    }
    if (runEnds) {
      this.busy = false;
      this.done = true;
    }
    if (start) {
      if (this.T === 0 || this.S === 0) this.done = true;
      else {
        this.busy = true;
        this.done = false;
        this.runCycles = 0;
        this.started = this.issued = 0;
        this.afterRunEnd = false;
        this.queue = [];
        for (let s = 0; s < this.S; s++) this.queue.push(0, ...new Array(this.T - 1).fill(1), 2, 3);
        this.queue.push(4);
      }
    }
    this.cycles = clear ? 0 : (this.cycles + 1) >>> 0;
    return result;
  }
}

interface HostReq { write: boolean; chip: boolean; x: number; y: number; addr: number; data: number }

/** Programs the chip case, starts a run, polls STATUS and reads results and counters, with random gaps. */
function hostScript(c: ChipCase, extra: HostReq[]): HostReq[] {
  const reqs: HostReq[] = [];
  const w = (x: number, y: number, addr: number, data: number) => reqs.push({ write: true, chip: false, x, y, addr, data: data >>> 0 });
  c.tiles.forEach((t, i) => {
    const x = i % c.width;
    const y = Math.floor(i / c.width);
    t.plus.forEach((lp, k) => w(x, y, CSR.PAIR + 256 * Math.floor(k / c.tile.cols) + (k % c.tile.cols), lp | (t.minus[k]! << 8)));
    t.sigma.forEach((s, l) => w(x, y, CSR.SIGMA + l, s));
    w(x, y, CSR.THRESHOLD, t.threshold);
    w(x, y, CSR.LEAK, t.leak);
    w(x, y, CSR.NEURON_MODE, t.mode);
    w(x, y, CSR.ADC_SHIFT, t.shift);
    w(x, y, CSR.ALWAYS_ON, t.alwaysOn.reduce((m, r) => m | (1 << r), 0));
    for (const r of t.routes) w(x, y, routeAddr(r.neuron, r.slot), routeWord(r));
    t.intensities.forEach((v, r) => w(x, y, CSR.INTENSITY + r, v));
    w(x, y, CSR.INPUT_ROWS, t.intensities.length);
    for (const s of programWrites(c.tile.sampler, entropyProgram(c.tile.sampler, { seed: t.samplerSeed }))) w(x, y, CSR.SAMPLER + ((s.kind << 10) | s.addr), s.data);
  });
  reqs.push({ write: true, chip: true, x: 0, y: 0, addr: 2, data: c.T }, { write: true, chip: true, x: 0, y: 0, addr: 3, data: c.S }, { write: true, chip: true, x: 0, y: 0, addr: 4, data: 1 });
  reqs.push(...extra);
  for (let i = 0; i < c.width * c.height; i++) for (let k = 0; k < 19; k++) reqs.push({ write: false, chip: false, x: i % c.width, y: Math.floor(i / c.width), addr: CSR.COUNTER + k, data: 0 });
  reqs.push({ write: false, chip: true, x: 0, y: 0, addr: 7, data: 0 });
  return reqs;
}

const extraRequest = fc.record({
  write: fc.boolean(),
  chip: fc.boolean(),
  x: fc.integer({ min: 0, max: 1 }),
  y: fc.integer({ min: 0, max: 1 }),
  addr: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom(0x3, 0x9, 0x71, 0x80, 0x81, 0x30)),
  data: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 0xffffffff })),
}).map((r) => (r.chip && (r.addr === 2 || r.addr === 3) ? { ...r, data: r.data & 3 } : r)); // keep runs short

describe('chip built from port-level tiles', () => {
  fcTest.prop([chipCase({ maxTimesteps: 2 }), fc.array(extraRequest, { maxLength: 40 }), fc.integer({ min: 0, max: 1e9 })], { numRuns: 25, seed: 60606 })(
    'shows the same host port, busy and done as ChipModel on every cycle',
    (c, extra, seed) => {
      const params: ChipParams = { width: c.width, height: c.height, tile: c.tile };
      const a = new ChipModel(params);
      const b = new PortChip(params);
      a.step({ reset: 1n });
      b.tiles.forEach((t) => t.step({ reset: 1n }));
      let s = seed >>> 0;
      const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const script = hostScript(c, extra);
      let k = 0;
      for (let cycle = 0; cycle < 400_000 && (k < script.length || a.core.busy); cycle++) {
        const r = script[k];
        const present = r !== undefined && rnd() < 0.8;
        const h: PortValues = {
          host_req_valid: present ? 1n : 0n,
          host_req_write: present && r!.write ? 1n : 0n,
          host_req_chip: present && r!.chip ? 1n : 0n,
          host_req_x: BigInt(present ? r!.x : 0),
          host_req_y: BigInt(present ? r!.y : 0),
          host_req_addr: BigInt(present ? r!.addr : 0),
          host_req_wdata: BigInt(present ? r!.data : 0),
          host_resp_ready: rnd() < 0.7 ? 1n : 0n,
        };
        const want = a.outputs(h);
        const got = b.cycle(h);
        expect(got, `cycle ${cycle}`).toEqual(want);
        a.step(h);
        if (present && want.host_req_ready === 1n) k++;
      }
      expect(k).toBe(script.length);
    },
  );
});

