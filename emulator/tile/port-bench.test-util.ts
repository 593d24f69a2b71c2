// Drives the port-level TileModel cycle by cycle for tests: a lone tile with
// its mesh ports tied off like a 1 x 1 chip's, steps and CSR accesses.
import { TileCore } from './core.ts';
import { TileModel, type PortValues } from './interface.ts';
import type { TileParams } from './params.ts';

export class PortBench {
  readonly m: TileModel;
  readonly base: PortValues = {
    here_x: 0n, here_y: 0n, mesh_edge: 0xfn, step_valid: 0n, step_kind: 0n,
    csr_req_valid: 0n, csr_req_write: 0n, csr_req_addr: 0n, csr_req_wdata: 0n, csr_resp_ready: 1n,
  };
  cycle = 0;

  constructor(readonly p: TileParams) {
    this.m = new TileModel(p);
    for (const q of ['north', 'east', 'south', 'west']) Object.assign(this.base, { [`in_${q}_valid`]: 0n, [`in_${q}_bits`]: 0n, [`out_${q}_ready`]: 1n });
    this.m.step({ ...this.base, reset: 1n });
  }

  /** One cycle: the outputs before the edge. */
  tick(extra: PortValues = {}): Record<string, bigint | undefined> {
    const inp = { ...this.base, ...extra };
    const out = this.m.outputs(inp);
    this.m.step(inp);
    this.cycle++;
    return out;
  }

  req(addr: number, write = false, wdata = 0): PortValues {
    return { csr_req_valid: 1n, csr_req_write: write ? 1n : 0n, csr_req_addr: BigInt(addr), csr_req_wdata: BigInt(wdata >>> 0) };
  }

  /** A CSR access: presented until taken, then the cycles until its response (which is taken). */
  access(addr: number, write = false, wdata = 0): number {
    while (this.tick(this.req(addr, write, wdata)).csr_req_ready !== 1n);
    for (;;) {
      const o = this.tick();
      if (o.csr_resp_valid === 1n) return Number(o.csr_resp_rdata);
    }
  }

  write(addr: number, data: number): void {
    this.access(addr, true, data);
  }

  read(addr: number): number {
    return this.access(addr);
  }

  /** Offers a step until taken (the tile is idle); returns the cycle it was taken in. */
  step(kind: number): number {
    while (this.tick({ step_valid: 1n, step_kind: BigInt(kind) }).step_ready !== 1n);
    return this.cycle - 1;
  }

  /** Runs until step_ready; returns the first idle cycle. */
  untilIdle(limit = 1_000_000): number {
    for (let i = 0; i < limit; i++) {
      if (this.m.outputs({ ...this.base }).step_ready === 1n) return this.cycle;
      this.tick();
    }
    throw new Error('tile did not become idle');
  }
}

/** A deep copy of a plain state object (class instances, typed arrays): a twin of a block's state. */
export function cloneState<T>(o: T): T {
  if (ArrayBuffer.isView(o)) return (o as unknown as Uint8Array).slice() as unknown as T;
  if (Array.isArray(o)) return o.map(cloneState) as unknown as T;
  if (o !== null && typeof o === 'object') {
    const c = Object.create(Object.getPrototypeOf(o));
    for (const k of Object.keys(o)) c[k] = cloneState((o as Record<string, unknown>)[k]);
    return c;
  }
  return o;
}

/** The same driver on the fast core (numbers, no BigInt): for long statistical runs. */
export class CoreBench {
  readonly core: TileCore;
  cycle = 0;
  private stepValid = false;
  private stepKind = 0;

  constructor(readonly p: TileParams) {
    this.core = new TileCore(p);
    this.core.edgeMask = 0xf;
  }

  /** One cycle with an optional CSR request; returns [request taken, step taken, response valid, response data] of the cycle. */
  tick(req?: { addr: number; write: boolean; data: number }): { taken: boolean; stepTaken: boolean; respValid: boolean; respData: number } {
    const c = this.core;
    c.evaluate();
    const respValid = c.csrRespValid;
    const respData = c.csrRespData;
    c.routerDepart(0xf);
    const r = c.edge(this.stepValid, this.stepKind, req !== undefined, req?.write ?? false, req?.addr ?? 0, req?.data ?? 0, true);
    this.cycle++;
    return { taken: (r & 1) === 1, stepTaken: (r & 2) === 2, respValid, respData };
  }

  access(addr: number, write = false, data = 0): number {
    while (!this.tick({ addr, write, data }).taken);
    for (;;) {
      const o = this.tick();
      if (o.respValid) return o.respData;
    }
  }

  write(addr: number, data: number): void {
    this.access(addr, true, data);
  }

  read(addr: number): number {
    return this.access(addr);
  }

  step(kind: number): number {
    this.stepValid = true;
    this.stepKind = kind;
    while (!this.tick().stepTaken);
    this.stepValid = false;
    return this.cycle - 1;
  }

  untilIdle(limit = 10_000_000): number {
    for (let i = 0; i < limit; i++) {
      this.core.evaluate();
      if (this.core.idle) return this.cycle;
      this.tick();
    }
    throw new Error('tile did not become idle');
  }
}
