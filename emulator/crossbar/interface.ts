// Cycle-exact model of the crossbar block (interface controller + macro) at
// its ports, as docs/tile-spec.md § Crossbar defines them. A conversion round is
// computed in full when it starts (the macro's memory cannot change while a
// read runs: writes wait for idle), and its codes appear conversionCycles()
// cycles later, exactly when the RTL's row sweep finishes.
import { CrossbarMacroState, packCodes } from './macro.ts';
import { adcCount, conversionCycles, colAddrBits, WRITE_PAIR, WRITE_SEED, WRITE_SIGMA, type CrossbarParams } from './params.ts';

/** Input ports, by name, as the RTL has them. */
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
}

/** Output ports; `undefined` = unspecified (stale register contents). */
export interface CrossbarOutputs {
  wr_ready: bigint;
  start_ready: bigint;
  out_valid: bigint;
  out_codes: bigint | undefined;
  out_round: bigint | undefined;
  out_last: bigint | undefined;
}

enum Phase {
  Idle,
  /** A conversion round is running in the macro. */
  Converting,
  /** The round's codes are done but the output register is still full. */
  Holding,
}

export class CrossbarInterfaceModel {
  readonly macro: CrossbarMacroState;
  private phase = Phase.Idle;
  private round = 0;
  private key = 0;
  private spikes = 0n;
  private shift = 0;
  private cycle = 0;
  private doneCycle = -1;
  private roundCodes: number[] = [];
  private outValid = false;
  private outCodes = 0n;
  private outRound = 0;
  private outLast = false;

  constructor(readonly p: CrossbarParams) {
    this.macro = new CrossbarMacroState(p);
  }

  private get idle(): boolean {
    return this.phase === Phase.Idle;
  }

  outputs(inp: CrossbarInputs): CrossbarOutputs {
    return {
      wr_ready: this.idle && inp.start_valid === 0n ? 1n : 0n,
      start_ready: this.idle ? 1n : 0n,
      out_valid: this.outValid ? 1n : 0n,
      out_codes: this.outValid ? this.outCodes : undefined,
      out_round: this.outValid ? BigInt(this.outRound) : undefined,
      out_last: this.outValid ? (this.outLast ? 1n : 0n) : undefined,
    };
  }

  step(inp: CrossbarInputs): void {
    const cycle = this.cycle++;
    if (inp.reset) {
      this.macro.reset();
      this.phase = Phase.Idle;
      this.outValid = false;
      this.doneCycle = -1;
      return;
    }
    const done = this.phase === Phase.Converting && cycle === this.doneCycle;
    const free = !this.outValid || inp.out_ready === 1n;
    const capture = (done || this.phase === Phase.Holding) && free;
    const startFire = this.idle && inp.start_valid === 1n;
    const writeFire = this.idle && inp.start_valid === 0n && inp.wr_valid === 1n;

    if (writeFire) this.write(inp);
    if (capture) {
      const last = this.round === this.p.adcShare - 1;
      this.outValid = true;
      this.outCodes = packCodes(this.roundCodes, this.p.adcBits);
      this.outRound = this.round;
      this.outLast = last;
      if (last) this.phase = Phase.Idle;
      else this.startRound(this.round + 1, cycle);
    } else {
      if (done) this.phase = Phase.Holding;
      if (this.outValid && inp.out_ready === 1n) this.outValid = false;
    }
    if (startFire) {
      this.key = this.macro.nextReadKey();
      this.spikes = inp.start_spikes & ((1n << BigInt(this.p.rows)) - 1n);
      this.shift = Number(inp.start_shift);
      this.startRound(0, cycle);
    }
  }

  /** The controller issues conv_start: the macro's codes for this round are due conversionCycles() later. */
  private startRound(round: number, cycle: number): void {
    this.phase = Phase.Converting;
    this.round = round;
    this.roundCodes = this.macro.convert(this.key, round, this.spikes, this.shift);
    this.doneCycle = cycle + conversionCycles(this.p);
  }

  private write(inp: CrossbarInputs): void {
    const kind = Number(inp.wr_kind);
    const data = Number(inp.wr_data & 0xffffffffn);
    if (kind === WRITE_PAIR) {
      const cb = colAddrBits(this.p);
      const addr = Number(inp.wr_addr);
      this.macro.writePair(addr >> cb, addr & ((1 << cb) - 1), data & 0xff, (data >>> this.p.gbits) & 0xff);
    } else if (kind === WRITE_SIGMA) {
      this.macro.writeSigma(Number(inp.wr_addr), data);
    } else if (kind === WRITE_SEED) {
      this.macro.writeSeed(data);
    }
  }

  /** Number of ADCs, i.e. codes per beat. */
  get adcs(): number {
    return adcCount(this.p);
  }
}
