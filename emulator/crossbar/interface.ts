// Cycle-exact model of the crossbar block (interface controller + macro) at
// its ports, as docs/tile-spec.md § Crossbar defines them, with BigInt port
// values as the co-simulation suites use them. Built on CrossbarCore, the
// same state machine the tile emulator calls: a conversion round's codes
// appear conversionCycles() cycles after its start, exactly when the RTL's
// row sweep finishes.
import { CrossbarCore, spikeWords } from './core.ts';
import type { CrossbarMacroState } from './macro.ts';
import { adcCount, type CrossbarParams } from './params.ts';

/** Input ports, by name, as the RTL has them (read-back ports optional: 0 when absent). */
export interface CrossbarInputs {
  reset?: bigint;
  wr_valid: bigint;
  wr_kind: bigint;
  wr_addr: bigint;
  wr_data: bigint;
  start_valid: bigint;
  start_spikes: bigint;
  start_shift: bigint;
  out_ready: bigint;
  peek_en?: bigint;
  peek_addr?: bigint;
  sigma_rd_level?: bigint;
}

/** Output ports; `undefined` = unspecified (stale register contents). */
export interface CrossbarOutputs {
  wr_ready: bigint;
  start_ready: bigint;
  out_valid: bigint;
  out_codes: bigint | undefined;
  out_round: bigint | undefined;
  out_last: bigint | undefined;
  peek_data: bigint | undefined;
  sigma_rd_data: bigint;
  seed_rd: bigint;
  read_index_rd: bigint;
}

export class CrossbarInterfaceModel {
  readonly core: CrossbarCore;
  private readonly spikes: Uint32Array;

  constructor(readonly p: CrossbarParams) {
    this.core = new CrossbarCore(p);
    this.spikes = new Uint32Array(spikeWords(p.rows));
  }

  get macro(): CrossbarMacroState {
    return this.core.macro;
  }

  outputs(inp: CrossbarInputs): CrossbarOutputs {
    const c = this.core;
    const valid = c.outValid;
    return {
      wr_ready: c.writeReady(inp.start_valid === 1n) ? 1n : 0n,
      start_ready: c.idle ? 1n : 0n,
      out_valid: valid ? 1n : 0n,
      out_codes: valid ? packInt32Codes(c.outCodes, this.p.adcBits) : undefined,
      out_round: valid ? BigInt(c.outRound) : undefined,
      out_last: valid ? (c.outLast ? 1n : 0n) : undefined,
      peek_data: c.peekData === undefined ? undefined : BigInt(c.peekData),
      sigma_rd_data: BigInt(c.sigmaRead(Number(inp.sigma_rd_level ?? 0n))),
      seed_rd: BigInt(c.macro.seed >>> 0),
      read_index_rd: BigInt(c.macro.readIndex >>> 0),
    };
  }

  step(inp: CrossbarInputs): void {
    if (inp.reset) {
      this.core.reset();
      return;
    }
    const start = inp.start_valid === 1n;
    if (start) {
      const s = inp.start_spikes;
      for (let w = 0; w < this.spikes.length; w++) this.spikes[w] = Number((s >> BigInt(32 * w)) & 0xffffffffn);
      const tail = this.p.rows & 31;
      if (tail !== 0) this.spikes[this.spikes.length - 1]! &= 2 ** tail - 1;
    }
    this.core.tick(
      inp.out_ready === 1n,
      start,
      this.spikes,
      Number(inp.start_shift),
      inp.wr_valid === 1n,
      Number(inp.wr_kind),
      Number(inp.wr_addr),
      Number(inp.wr_data & 0xffffffffn),
      inp.peek_en === 1n,
      Number(inp.peek_addr ?? 0n),
    );
  }

  /** Number of ADCs, i.e. codes per beat. */
  get adcs(): number {
    return adcCount(this.p);
  }
}

/** Packs signed k-bit codes, ADC a at bits [a k, a k + k). */
export function packInt32Codes(codes: Int32Array, bits: number): bigint {
  const mask = (1n << BigInt(bits)) - 1n;
  let v = 0n;
  for (let a = codes.length - 1; a >= 0; a--) v = (v << BigInt(bits)) | (BigInt(codes[a]!) & mask);
  return v;
}
