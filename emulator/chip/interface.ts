// Cycle-exact model of the Chip at its ports (docs/tile-spec.md § Chip,
// "Ports"), with BigInt port values as the co-simulation suites use them.
// Built on ChipCore, the same core as the fast emulator API.
import type { TileSampler } from '../tile/index.ts';
import { ChipCore } from './core.ts';
import type { ChipParams } from './params.ts';

export type PortValues = Record<string, bigint>;

export class ChipModel {
  readonly core: ChipCore;

  constructor(
    readonly p: ChipParams,
    makeSampler?: (tileIndex: number) => TileSampler,
  ) {
    this.core = new ChipCore(p, makeSampler);
  }

  private request(inp: PortValues) {
    return {
      valid: inp.host_req_valid === 1n,
      write: inp.host_req_write === 1n,
      chip: inp.host_req_chip === 1n,
      x: Number(inp.host_req_x ?? 0n),
      y: Number(inp.host_req_y ?? 0n),
      addr: Number((inp.host_req_addr ?? 0n) & 0x1ffffn),
      wdata: Number((inp.host_req_wdata ?? 0n) & 0xffffffffn),
      respReady: inp.host_resp_ready === 1n,
    };
  }

  outputs(inp: PortValues): Record<string, bigint> {
    const c = this.core;
    const r = this.request(inp);
    c.evaluate();
    return {
      host_req_ready: c.reqReady(r.write, r.chip, r.x, r.y, r.addr, r.respReady) ? 1n : 0n,
      host_resp_valid: c.respValid ? 1n : 0n,
      host_resp_rdata: BigInt(c.respData),
      busy: c.busy ? 1n : 0n,
      done: c.done ? 1n : 0n,
    };
  }

  step(inp: PortValues): void {
    if (inp.reset) {
      this.core.reset();
      return;
    }
    const r = this.request(inp);
    this.core.evaluate();
    this.core.edge(r.valid, r.write, r.chip, r.x, r.y, r.addr, r.wdata, r.respReady);
  }
}
