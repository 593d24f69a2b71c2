// Cycle-exact model of the bitstream ALU (docs/tile-spec.md § Bitstream
// ALU): a fast core in numbers, and its port-level model (BigInt values)
// for the co-simulation suite.
import { and, Cordiv, muxAdd, or, sng, Stanh, xnor, xor } from './ops.ts';
import { checkBitstreamParams, OP, type BitstreamParams } from './params.ts';

export class BitstreamAluCore {
  busy = false;
  done = false;
  op = 0;
  a = 0;
  b = 0;
  remaining = 0;
  count = 0;
  readonly cordiv = new Cordiv();
  readonly stanh: Stanh;
  private readonly half: number;
  private readonly countMask: number;

  constructor(readonly p: BitstreamParams) {
    checkBitstreamParams(p);
    this.stanh = new Stanh(p.tanhStates);
    this.half = 2 ** (p.bits - 1);
    this.countMask = 2 ** p.lengthBits - 1;
  }

  reset(): void {
    this.busy = this.done = false;
    this.op = this.a = this.b = this.remaining = this.count = 0;
    this.cordiv.clear();
    this.stanh.clear();
  }

  /** The output stream bit of this cycle for these random numbers (meaningful while busy). */
  streamBit(ra: number, rb: number, rs: number): number {
    const sa = sng(this.a, ra);
    switch (this.op) {
      case OP.pass:
        return sa;
      case OP.mul:
        return and(sa, sng(this.b, rb));
      case OP.bmul:
        return xnor(sa, sng(this.b, rb));
      case OP.add:
        return muxAdd(sa, sng(this.b, rb), sng(this.half, rs));
      case OP.or:
        return or(sa, sng(this.b, rb));
      case OP.div:
        return this.cordiv.quotient(sa, sng(this.b, ra)); // divisor from the dividend's random number: correlated
      case OP.tanh:
        return this.stanh.output();
      default:
        return xor(sa, sng(this.b, ra)); // |a - b| needs correlated streams
    }
  }

  /** One cycle; returns whether a start was taken. */
  tick(startValid: boolean, op: number, a: number, b: number, n: number, randValid: boolean, ra: number, rb: number, rs: number): boolean {
    const startFire = startValid && !this.busy;
    const step = this.busy && randValid;
    if (startFire) {
      this.op = op;
      this.a = a;
      this.b = b;
      this.remaining = n;
      this.busy = n !== 0;
      this.done = n === 0;
      this.count = 0;
      this.cordiv.clear();
      this.stanh.clear();
      return true;
    }
    if (step) {
      const y = this.streamBit(ra, rb, rs);
      this.count = (this.count + y) & this.countMask;
      if (this.op === OP.div) this.cordiv.step(sng(this.a, ra), sng(this.b, ra));
      if (this.op === OP.tanh) this.stanh.step(sng(this.a, ra));
      this.remaining--;
      if (this.remaining === 0) {
        this.busy = false;
        this.done = true;
      }
    }
    return false;
  }

  /** Runs one operation to the end, pulling a random-number triple per stream cycle; returns the ones count. */
  run(op: number, a: number, b: number, n: number, next: () => [number, number, number]): number {
    this.tick(true, op, a, b, n, false, 0, 0, 0);
    while (this.busy) {
      const [ra, rb, rs] = next();
      this.tick(false, 0, 0, 0, 0, true, ra, rb, rs);
    }
    return this.count;
  }
}

export class BitstreamAluModel {
  readonly core: BitstreamAluCore;
  constructor(readonly p: BitstreamParams) {
    this.core = new BitstreamAluCore(p);
  }
  outputs(inp: Record<string, bigint>): Record<string, bigint> {
    const c = this.core;
    const step = c.busy && inp.rand_valid === 1n;
    const y = step ? c.streamBit(Number(inp.rand_a), Number(inp.rand_b), Number(inp.rand_s)) : 0;
    return {
      start_ready: c.busy ? 0n : 1n,
      busy: c.busy ? 1n : 0n,
      done: c.done ? 1n : 0n,
      result: BigInt(c.count),
      stream_bit: BigInt(y),
      ev_bitops: step ? 1n : 0n,
    };
  }
  step(inp: Record<string, bigint>): void {
    if (inp.reset) return this.core.reset();
    this.core.tick(
      inp.start_valid === 1n,
      Number(inp.start_op),
      Number(inp.start_a),
      Number(inp.start_b),
      Number(inp.start_n),
      inp.rand_valid === 1n,
      Number(inp.rand_a),
      Number(inp.rand_b),
      Number(inp.rand_s),
    );
  }
}
