// Cycle-exact model of the Sampler block at its ports (docs/tile-spec.md §
// Sampler, "Ports"), with BigInt port values as the co-simulation suites use
// them. Built on SamplerCore, the same state machine the tile emulator calls.
import { SamplerCore } from './core.ts';
import { checkSamplerParams, devicesPerRead, type SamplerParams } from './params.ts';

export type PortValues = Record<string, bigint>;

export class SamplerInterfaceModel {
  readonly core: SamplerCore;

  constructor(readonly p: SamplerParams) {
    checkSamplerParams(p);
    this.core = new SamplerCore(p);
  }

  outputs(inp: PortValues): Record<string, bigint> {
    const c = this.core;
    const wrValid = inp.wr_valid === 1n;
    const read = c.startsRead(wrValid, Number(inp.wr_kind ?? 0n));
    const { mask, values } = c.peekBits();
    let bits = 0;
    const out: Record<string, bigint> = {
      wr_ready: c.writeReady ? 1n : 0n,
      rd_data: BigInt(c.read(Number(inp.rd_addr ?? 0n))),
      quiet: c.quiet ? 1n : 0n,
      ev_read: read ? 1n : 0n,
      ev_device_reads: read ? BigInt(devicesPerRead(this.p)) : 0n,
      ev_raw_bits: c.beatNow ? BigInt(this.p.lanes) : 0n,
    };
    for (let i = 0; i < this.p.lanes; i++) {
      const emit = (mask >>> i) & 1;
      bits += emit;
      out[`num_${i}_valid`] = c.numberValid(i) ? 1n : 0n;
      out[`num_${i}_bits`] = BigInt(c.number(i));
      out[`bern_${i}_bit`] = BigInt(c.bernoulli(i, Number(inp[`bern_${i}_p`] ?? 0n)));
      out[`bit_${i}_valid`] = BigInt(emit);
      out[`bit_${i}_value`] = BigInt((values >>> i) & 1);
    }
    out.ev_bits = BigInt(bits);
    return out;
  }

  step(inp: PortValues): void {
    if (inp.reset) {
      this.core.reset();
      return;
    }
    let consume = 0;
    for (let i = 0; i < this.p.lanes; i++) if (inp[`num_${i}_ready`] === 1n) consume |= 1 << i;
    this.core.tick(consume >>> 0, inp.wr_valid === 1n, Number(inp.wr_kind ?? 0n), Number(inp.wr_addr ?? 0n), Number((inp.wr_data ?? 0n) & 0xffffffffn));
  }
}
