// The sampler's cycle-exact state machine (docs/tile-spec.md § Sampler), in
// plain numbers and typed arrays: no BigInt, no allocation per cycle. The
// port-level model (interface.ts) and the tile emulator both drive it.
//
// One tick = one clock cycle: the outputs of the cycle are functions of the
// state (and of the inputs given to tick), then the edge updates the state.
// The entropy macro is the crossbar's integer model (CrossbarMacroState); its
// interface controller is modelled here for the one way the sampler uses it
// (ADC_SHARE 1, result port always ready): a read started in cycle s delivers
// its codes in cycle s + R + 4 and the macro is idle again in that cycle.
import { CrossbarMacroState, deviateZ, deviceId, maxLevel, noisyRead, writeAddrBits, Z_MAX } from '../crossbar/index.ts';

/** Number of values of the twin's deviate z, -Z_MAX .. Z_MAX. */
const Z_SPAN = 2 * Z_MAX + 1;
import {
  checkSamplerParams,
  devicesPerRead,
  DIR_DOWN,
  DIR_NONE,
  DIR_UP,
  KIND_PAIR,
  KIND_SAMPLER,
  KIND_SEED,
  KIND_SIGMA,
  macroParams,
  REG,
  REG_ADDR_BITS,
  stepInit,
  stepMax,
  windowSize,
  type SamplerParams,
} from './params.ts';

/** Counts since construction (or since resetTotals). */
export interface SamplerTotals {
  cycles: number;
  /** Entropy-macro reads started. */
  reads: number;
  /** Device reads (G+ and G- of every row of every column, per read). */
  deviceReads: number;
  /** Raw (threshold) bits: one per lane per read result. */
  rawBits: number;
  /** Unbiased bits out of the von Neumann extractors (into the lanes' numbers). */
  bits: number;
}

export class SamplerCore {
  readonly p: SamplerParams;
  readonly macro: CrossbarMacroState;
  readonly lanes: number;

  // ---- host settings -------------------------------------------------------
  enable = false;
  shift = 0;

  // ---- the entropy macro's controller --------------------------------------
  /** A read is running in the macro (the macro is not idle). */
  private converting = false;
  /** Ticks still to go before the one in which the running read's codes are captured. */
  private captureIn = 0;
  /** A read result is in the result register this cycle (the "beat"). */
  private beat = false;
  private readonly pendingCodes: Int32Array;
  private readonly beatCodes: Int32Array;
  /**
   * noisyRead(level, sigma[level], z) for every level and z (emulator/crossbar's own function,
   * tabulated): a device read is then one hash and one lookup. A sigma write re-tabulates its level.
   */
  private readonly readTable: Int32Array;
  private readonly staleLevels: Uint8Array;
  private anyStale = true;

  // ---- calibration window (shared: every read gives every lane one raw bit) --
  windowPos = 0;

  // ---- per lane ------------------------------------------------------------
  readonly threshold: Int32Array;
  readonly step: Uint8Array;
  readonly dir: Uint8Array;
  readonly converged: Uint8Array;
  readonly ones: Int32Array;
  readonly first: Uint8Array;
  readonly acc: Int32Array;
  readonly count: Uint8Array;
  /** Bit i set = lane i's number is complete (count = K): kept with the counts, so no per-cycle scan. */
  private full = 0;

  // ---- events of the last tick ---------------------------------------------
  lastRead = 0;
  lastRawBits = 0;
  lastBits = 0;
  /** Lanes whose extractor produced a bit in the last tick (bit i = lane i), and those bits' values. */
  lastBitMask = 0;
  lastBitValues = 0;

  readonly totals: SamplerTotals = { cycles: 0, reads: 0, deviceReads: 0, rawBits: 0, bits: 0 };

  // scratch of peekBits(): the extractor outputs of the current cycle
  private peekMask = 0;
  private peekValues = 0;

  private readonly W: number;
  private readonly halfW: number;
  private readonly K: number;
  private readonly numberMask: number;
  private readonly thrLo: number;
  private readonly thrHi: number;
  private readonly macroAddrBits: number;
  private readonly colBits: number;
  private readonly addrMask: number;
  private readonly allLanes: number;

  constructor(params: SamplerParams) {
    this.p = checkSamplerParams(params);
    const E = (this.lanes = params.lanes);
    this.macro = new CrossbarMacroState(macroParams(params));
    this.pendingCodes = new Int32Array(E);
    this.beatCodes = new Int32Array(E);
    this.readTable = new Int32Array((maxLevel(macroParams(params)) + 1) * Z_SPAN);
    this.staleLevels = new Uint8Array(maxLevel(macroParams(params)) + 1).fill(1);
    this.threshold = new Int32Array(E);
    this.step = new Uint8Array(E);
    this.dir = new Uint8Array(E);
    this.converged = new Uint8Array(E);
    this.ones = new Int32Array(E);
    this.first = new Uint8Array(E);
    this.acc = new Int32Array(E);
    this.count = new Uint8Array(E);
    this.W = windowSize(params);
    this.halfW = this.W / 2;
    this.K = params.numberBits;
    this.numberMask = 2 ** params.numberBits - 1;
    this.thrLo = -(2 ** (params.adcBits - 1));
    this.thrHi = 2 ** (params.adcBits - 1) - 1;
    this.macroAddrBits = writeAddrBits(macroParams(params));
    this.colBits = Math.max(1, Math.ceil(Math.log2(E)));
    this.addrMask = 2 ** Math.max(this.macroAddrBits, REG_ADDR_BITS) - 1;
    this.allLanes = E === 32 ? 0xffffffff : 2 ** E - 1;
    this.reset();
  }

  /** Synchronous reset: registers to their reset values; the macro keeps its levels. */
  reset(): void {
    this.macro.reset();
    this.staleLevels.fill(1);
    this.anyStale = true;
    this.enable = false;
    this.shift = 0;
    this.converting = false;
    this.captureIn = 0;
    this.beat = false;
    this.windowPos = 0;
    this.threshold.fill(0);
    this.step.fill(stepInit(this.p));
    this.dir.fill(DIR_NONE);
    this.converged.fill(0);
    this.ones.fill(0);
    this.first.fill(0);
    this.acc.fill(0);
    this.count.fill(0);
    this.full = 0;
    this.lastRead = this.lastRawBits = this.lastBits = this.lastBitMask = this.lastBitValues = 0;
  }

  resetTotals(): void {
    Object.assign(this.totals, { cycles: 0, reads: 0, deviceReads: 0, rawBits: 0, bits: 0 });
  }

  // ---- outputs: functions of the state (and named inputs) ------------------

  /** wr_ready: the entropy macro is idle (no read running). */
  get writeReady(): boolean {
    return !this.converting;
  }

  /** The codes in the result register (meaningful while beatNow). */
  get codes(): Readonly<Int32Array> {
    return this.beatCodes;
  }

  /** A read result arrives in this cycle (its raw bits are processed at the edge). */
  get beatNow(): boolean {
    return this.beat;
  }

  numberValid(lane: number): boolean {
    return this.count[lane] === this.K;
  }

  /** The lane's K-bit number (0 when not valid). */
  number(lane: number): number {
    return this.count[lane] === this.K ? this.acc[lane]! : 0;
  }

  /** bern_i_bit for bern_i_p = p: valid AND number < p. */
  bernoulli(lane: number, p: number): number {
    return this.count[lane] === this.K && this.acc[lane]! < p ? 1 : 0;
  }

  /** Bit i set = lane i holds a valid number. */
  validMask(): number {
    return this.full;
  }

  anyRoom(): boolean {
    return this.full !== this.allLanes;
  }

  /** The sampler asks for a read: enabled and some lane's number is not complete. */
  wantsRead(): boolean {
    return this.enable && this.anyRoom();
  }

  /** ev_read: a read starts in this cycle (a pending write to the macro holds it back a cycle). */
  startsRead(wrValid: boolean, wrKind: number): boolean {
    return !this.converting && this.wantsRead() && !(wrValid && wrKind !== KIND_SAMPLER);
  }

  /** quiet: no read running, no result pending, and none will start until an input changes. */
  get quiet(): boolean {
    return !this.converting && !this.beat && !this.wantsRead();
  }

  /** The extractor outputs of this cycle (bit_i_valid / bit_i_value), as masks. */
  peekBits(): { mask: number; values: number } {
    this.computeBits();
    return { mask: this.peekMask, values: this.peekValues };
  }

  /** rd_data for rd_addr = addr (docs/tile-spec.md § Sampler, register map). */
  read(addr: number): number {
    const E = this.lanes;
    const p = this.p;
    const lane = addr & 0x1f;
    switch (addr) {
      case REG.control:
        return this.enable ? 1 : 0;
      case REG.shift:
        return this.shift;
      case REG.converged: {
        let m = 0;
        for (let i = 0; i < E; i++) if (this.converged[i]) m |= 1 << i;
        return m >>> 0;
      }
      case REG.valid:
        return this.validMask();
      case REG.window:
        return this.windowPos;
      case REG.info:
        return (E | (p.numberBits << 8) | (p.windowLog2 << 16) | (p.adcBits << 20) | (p.rows << 24)) >>> 0;
      case REG.deadband:
        return p.deadband;
    }
    if (lane >= E) return 0;
    switch (addr & 0xe0) {
      case REG.threshold:
        return this.threshold[lane]! >>> 0;
      case REG.calibration:
        return (this.ones[lane]! | (this.step[lane]! << 16) | (this.dir[lane]! << 20) | (this.converged[lane]! << 24)) >>> 0;
      case REG.number:
        return (this.acc[lane]! | (this.count[lane]! << 16)) >>> 0;
    }
    return 0;
  }

  // ---- the clock edge --------------------------------------------------------

  /**
   * One cycle. `consumeMask` bit i = num_i_ready (a number is taken where it
   * is also valid); the write inputs are the host port. Returns whether the
   * write was accepted (wr_valid AND wr_ready).
   */
  tick(consumeMask: number, wrValid = false, wrKind = 0, wrAddr = 0, wrData = 0): boolean {
    this.totals.cycles++;
    wrAddr &= this.addrMask;
    const idle = !this.converting;
    const startNow = idle && this.wantsRead() && !(wrValid && wrKind !== KIND_SAMPLER);
    const writeNow = wrValid && idle;
    const taken = consumeMask & this.validMask();

    // The read result of this cycle: raw bits, extractors, calibration, numbers.
    this.lastRawBits = 0;
    this.lastBits = 0;
    this.lastBitMask = 0;
    this.lastBitValues = 0;
    if (this.beat) this.processBeat();
    if (taken !== 0) {
      for (let m = taken; m !== 0; m = (m & (m - 1)) >>> 0) this.count[31 - Math.clz32(m & -m)] = 0;
      this.full = (this.full & ~taken) >>> 0;
    }

    // The macro's controller: capture the running read's codes, or empty the result register.
    if (this.converting && this.captureIn === 0) {
      this.beatCodes.set(this.pendingCodes);
      this.beat = true;
      this.converting = false;
    } else {
      this.beat = false;
      if (this.converting) this.captureIn--;
    }
    this.lastRead = startNow ? 1 : 0;
    if (startNow) {
      // The macro cannot change while the read runs (writes wait for idle): convert now, deliver later.
      this.convert(this.macro.nextReadKey(), this.shift, this.pendingCodes);
      this.converting = true;
      this.captureIn = this.p.rows + 2; // captured in cycle s + R + 3, delivered in s + R + 4
      this.totals.reads++;
      this.totals.deviceReads += devicesPerRead(this.p);
    }
    if (writeNow) this.write(wrKind, wrAddr, wrData >>> 0);
    return writeNow;
  }

  /** Ticks until the write is accepted (nothing consumed meanwhile); returns the cycles taken. */
  hostWrite(kind: number, addr: number, data: number): number {
    let n = 1;
    while (!this.tick(0, true, kind, addr, data)) n++;
    return n;
  }

  /**
   * Cycles from now in which, with nothing consumed and nothing written,
   * only time passes (no read starts, no result arrives): 0 when something
   * happens in this cycle, Infinity when the sampler is quiet.
   */
  cyclesUntilChange(): number {
    if (this.beat) return 0;
    if (this.converting) return this.captureIn;
    return this.wantsRead() ? 0 : Infinity;
  }

  /** Exactly `n` ticks with nothing consumed and nothing written, jumping over the cycles in which only time passes. */
  skip(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`skip: n must be a whole number >= 0, got ${n}`);
    while (n > 0) {
      const still = Math.min(n, this.cyclesUntilChange());
      if (still > 0) {
        this.totals.cycles += still;
        if (this.converting) this.captureIn -= still;
        n -= still;
        this.lastRead = this.lastRawBits = this.lastBits = this.lastBitMask = this.lastBitValues = 0;
        continue;
      }
      this.tick(0);
      n--;
    }
  }

  // ---- internals --------------------------------------------------------------

  /** Raw bit of a lane in the beat: code > threshold (signed). */
  private raw(lane: number): number {
    return this.beatCodes[lane]! > this.threshold[lane]! ? 1 : 0;
  }

  private computeBits(): void {
    let mask = 0;
    let values = 0;
    if (this.beat && (this.windowPos & 1) === 1) {
      for (let i = 0; i < this.lanes; i++) {
        if (this.count[i] === this.K || this.raw(i) === this.first[i]) continue;
        mask |= 1 << i;
        if (this.first[i]) values |= 1 << i;
      }
    }
    this.peekMask = mask >>> 0;
    this.peekValues = values >>> 0;
  }

  private processBeat(): void {
    const odd = (this.windowPos & 1) === 1;
    const last = this.windowPos === this.W - 1;
    let mask = 0;
    let values = 0;
    for (let i = 0; i < this.lanes; i++) {
      const raw = this.raw(i);
      const ones = this.ones[i]! + raw;
      if (!odd) {
        this.first[i] = raw;
      } else if (raw !== this.first[i] && this.count[i] !== this.K) {
        // von Neumann: 10 -> 1, 01 -> 0; 00 and 11 give nothing.
        const bit = this.first[i]!;
        this.acc[i] = ((this.acc[i]! << 1) | bit) & this.numberMask;
        if (++this.count[i]! === this.K) this.full = (this.full | (1 << i)) >>> 0;
        mask |= 1 << i;
        if (bit) values |= 1 << i;
      }
      if (last) {
        this.calibrate(i, ones);
        this.ones[i] = 0;
      } else {
        this.ones[i] = ones;
      }
    }
    this.windowPos = last ? 0 : this.windowPos + 1;
    this.lastRawBits = this.lanes;
    this.lastBitMask = mask >>> 0;
    this.lastBitValues = values >>> 0;
    let bits = 0;
    for (let m = mask >>> 0; m !== 0; m = (m & (m - 1)) >>> 0) bits++;
    this.lastBits = bits;
    this.totals.rawBits += this.lanes;
    this.totals.bits += bits;
  }

  /** End of a window: move the threshold towards the median (docs/tile-spec.md § Sampler, calibration). */
  private calibrate(lane: number, ones: number): void {
    const e = ones - this.halfW;
    if (Math.abs(e) <= this.p.deadband) {
      this.converged[lane] = 1;
      this.dir[lane] = DIR_NONE;
      this.step[lane] = 0;
      return;
    }
    const d = e > 0 ? DIR_UP : DIR_DOWN;
    // Same direction as the last move: twice the step; the opposite one: a quarter of it (so that
    // an oscillation always shrinks the step).
    let s = this.step[lane]!;
    if (this.dir[lane] === d) s = Math.min(s + 1, stepMax(this.p));
    else if (this.dir[lane] !== DIR_NONE) s = Math.max(s - 2, 0);
    const moved = this.threshold[lane]! + (d === DIR_UP ? 2 ** s : -(2 ** s));
    this.threshold[lane] = Math.min(this.thrHi, Math.max(this.thrLo, moved));
    this.step[lane] = s;
    this.dir[lane] = d;
    this.converged[lane] = 0;
  }

  private recalibrate(): void {
    this.windowPos = 0;
    this.ones.fill(0);
    this.step.fill(stepInit(this.p));
    this.dir.fill(DIR_NONE);
    this.converged.fill(0);
  }

  private write(kind: number, addr: number, data: number): void {
    if (kind === KIND_SAMPLER) return this.writeRegister(addr, data);
    if (kind === KIND_PAIR || kind === KIND_SIGMA) this.recalibrate();
    // Forwarded to the entropy macro; an address bit above its write-address width drops the write.
    if (addr >>> this.macroAddrBits !== 0) return;
    if (kind === KIND_PAIR) {
      const g = this.p.gbits;
      this.macro.writePair(addr >>> this.colBits, addr & ((1 << this.colBits) - 1), data & 0xff, (data >>> g) & 0xff);
    } else if (kind === KIND_SIGMA) {
      this.macro.writeSigma(addr, data);
      if (addr < this.staleLevels.length) {
        this.staleLevels[addr] = 1;
        this.anyStale = true;
      }
    } else if (kind === KIND_SEED) {
      this.macro.writeSeed(data);
    }
  }

  private writeRegister(addr: number, data: number): void {
    if (addr === REG.control) this.enable = (data & 1) === 1;
    else if (addr === REG.shift) this.shift = data & 31;
    else if (addr === REG.command) {
      if (data & 1) this.recalibrate();
    } else if (addr < 0x100 && (addr & 0xe0) === REG.threshold && (addr & 0x1f) < this.lanes) {
      const k = this.p.adcBits;
      const u = data & (2 ** k - 1);
      this.threshold[addr & 0x1f] = u >= 2 ** (k - 1) ? u - 2 ** k : u;
    }
  }

  /** Codes of one read of every column, all rows active (the macro's integer definition). */
  private convert(key: number, shift: number, out: Int32Array): void {
    if (this.anyStale) this.tabulateReads();
    const { plus, minus } = this.macro;
    const table = this.readTable;
    const E = this.lanes;
    for (let c = 0; c < E; c++) {
      let current = 0;
      for (let r = 0; r < this.p.rows; r++) {
        const i = r * E + c;
        current += table[plus[i]! * Z_SPAN + deviateZ(key, deviceId(r, c, E, false)) + Z_MAX]!;
        current -= table[minus[i]! * Z_SPAN + deviateZ(key, deviceId(r, c, E, true)) + Z_MAX]!;
      }
      // adcCode(current, shift, k) of emulator/crossbar, with the floor division as a shift (|current| < 2^31):
      // `2 ** shift` there costs more than the rest of the read. core.test.ts checks every code against it.
      const q = current >> shift;
      out[c] = q > this.thrHi ? this.thrHi : q < this.thrLo ? this.thrLo : q;
    }
  }

  private tabulateReads(): void {
    const sigma = this.macro.sigma;
    for (let level = 0; level < this.staleLevels.length; level++) {
      if (!this.staleLevels[level]) continue;
      for (let z = -Z_MAX; z <= Z_MAX; z++) this.readTable[level * Z_SPAN + z + Z_MAX] = noisyRead(level, sigma[level]!, z);
      this.staleLevels[level] = 0;
    }
    this.anyStale = false;
  }

  /** All lanes (for consumeMask). */
  get everyLane(): number {
    return this.allLanes;
  }
}
