// Cycle-exact model of the Tile at its ports (docs/tile-spec.md § Tile,
// "Ports"), with BigInt port values keyed by port name as the co-simulation
// suites use them. Built on TileCore, the same core the chip emulator runs.
import { packFlit, unpackFlit, type RouterParams } from '../router/index.ts';
import { TileCore } from './core.ts';
import { routerParamsOf, type TileParams } from './params.ts';
import type { TileSampler } from './sampler-port.ts';

export type PortValues = Record<string, bigint>;

/** Mesh ports of the tile's router, in port order N0 E1 S2 W3. */
export const MESH_PORTS = ['north', 'east', 'south', 'west'] as const;

export class TileModel {
  readonly core: TileCore;
  private readonly rp: RouterParams;

  constructor(
    readonly p: TileParams,
    sampler?: TileSampler,
  ) {
    this.core = new TileCore(p, sampler);
    this.rp = routerParamsOf(p);
  }

  /** here_x / here_y / mesh_edge are inputs: the router takes them in every cycle. */
  private place(inp: PortValues): void {
    const r = this.core.router;
    r.x = Number(inp.here_x ?? 0n);
    r.y = Number(inp.here_y ?? 0n);
    this.core.edgeMask = Number((inp.mesh_edge ?? 0n) & 0xfn);
  }

  outputs(inp: PortValues): Record<string, bigint | undefined> {
    const c = this.core;
    this.place(inp);
    c.evaluate();
    const out: Record<string, bigint | undefined> = {};
    MESH_PORTS.forEach((name, port) => {
      const f = c.outFlit(port);
      out[`in_${name}_ready`] = c.inReady[port] ? 1n : 0n;
      out[`out_${name}_valid`] = f ? 1n : 0n;
      out[`out_${name}_bits`] = f ? packFlit(this.rp, f) : 0n;
    });
    out.step_ready = c.idle ? 1n : 0n;
    out.quiet = c.quiet ? 1n : 0n;
    out.csr_req_ready = c.csrReqReady(Number((inp.csr_req_addr ?? 0n) & 0x1ffffn), inp.csr_req_write === 1n, inp.csr_resp_ready === 1n) ? 1n : 0n;
    out.csr_resp_valid = c.csrRespValid ? 1n : 0n;
    // csr_resp_rdata is unspecified while csr_resp_valid = 0
    out.csr_resp_rdata = c.csrRespValid ? BigInt(c.csrRespData >>> 0) : undefined;
    return out;
  }

  step(inp: PortValues): void {
    const c = this.core;
    if (inp.reset) {
      c.reset();
      return;
    }
    this.place(inp);
    c.evaluate();
    let outReady = 0;
    MESH_PORTS.forEach((name, port) => {
      if (inp[`out_${name}_ready`] === 1n) outReady |= 1 << port;
    });
    const accept = MESH_PORTS.map((name, port) => inp[`in_${name}_valid`] === 1n && c.inReady[port] === 1);
    c.routerDepart(outReady);
    MESH_PORTS.forEach((name, port) => {
      if (accept[port]) c.routerEnqueue(port, unpackFlit(this.rp, inp[`in_${name}_bits`] ?? 0n));
    });
    c.edge(
      inp.step_valid === 1n,
      Number((inp.step_kind ?? 0n) & 7n),
      inp.csr_req_valid === 1n,
      inp.csr_req_write === 1n,
      Number((inp.csr_req_addr ?? 0n) & 0x1ffffn),
      Number((inp.csr_req_wdata ?? 0n) & 0xffffffffn),
      inp.csr_resp_ready === 1n,
    );
  }
}
