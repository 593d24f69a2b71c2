// The crossbar block (interface controller + macro) as a BigInt-free cycle
// core: the state machine of docs/tile-spec.md § Crossbar, "Timing", over
// plain numbers and typed arrays, no allocation per cycle. The port-level
// model (interface.ts) and the tile emulator both drive it.
//
// A read's column currents are computed in full when the read starts (the
// macro's memory cannot change while a read runs: writes wait for idle); a
// round's codes are converted from them when the round is captured.
import { CrossbarMacroState } from './macro.ts';
import { adcCount, colAddrBits, conversionCycles, indexBits, maxLevel, READ_FRAC_BITS, WRITE_PAIR, WRITE_SEED, WRITE_SIGMA, type CrossbarParams } from './params.ts';

export const PHASE_IDLE = 0;
/** A conversion round is running in the macro. */
export const PHASE_CONVERTING = 1;
/** The round's codes are done but the output register is still full. */
export const PHASE_HOLDING = 2;

/** Spike vectors of the fast path: R bits in ceil(R / 32) words, row r = bit r % 32 of word r >> 5. */
export const spikeWords = (rows: number): number => (rows + 31) >>> 5;

export class CrossbarCore {
  /** Levels, sigma table, seed. Write pairs through write() (or call levelsChanged() after writing them directly). */
  readonly macro: CrossbarMacroState;
  readonly rows: number;
  readonly cols: number;
  readonly nadc: number;
  readonly share: number;
  readonly adcBits: number;
  /** Column currents of the running read (2^-8 level units). */
  readonly currents: Int32Array;
  /** The output register's codes (ADC a at index a); meaningful while outValid. */
  readonly outCodes: Int32Array;

  phase = PHASE_IDLE;
  /** Round being converted (or held). */
  round = 0;
  /** Edges still to go before the cycle in which the running round's conv_done is high. */
  wait = 0;
  shift = 0;
  outValid = false;
  outRound = 0;
  outLast = false;
  /** peek_data of this cycle (undefined: unspecified, no peek in the cycle before). */
  peekData: number | undefined = undefined;

  /** Per row, the columns whose pair has a nonzero level (rebuilt when the row is written). */
  private readonly rowCols: Uint16Array;
  private readonly rowLen: Uint16Array;
  private readonly rowDirty: Uint8Array;
  private anyDirty = true;
  private readonly pairAddrBits: number;
  private readonly colBits: number;
  private readonly convWait: number;

  constructor(readonly p: CrossbarParams) {
    this.macro = new CrossbarMacroState(p);
    this.rows = p.rows;
    this.cols = p.cols;
    this.nadc = adcCount(p);
    this.share = p.adcShare;
    this.adcBits = p.adcBits;
    this.currents = new Int32Array(p.cols);
    this.outCodes = new Int32Array(this.nadc);
    this.colBits = colAddrBits(p);
    this.pairAddrBits = indexBits(p.rows) + this.colBits;
    // conv_start in cycle s, conv_done in cycle s + R + 3: R + 2 edges after the start's own edge.
    this.convWait = conversionCycles(p) - 1;
    this.rowCols = new Uint16Array(p.rows * p.cols);
    this.rowLen = new Uint16Array(p.rows);
    this.rowDirty = new Uint8Array(p.rows).fill(1);
  }

  get idle(): boolean {
    return this.phase === PHASE_IDLE;
  }

  /** wr_ready for a cycle with this start_valid. */
  writeReady(startValid: boolean): boolean {
    return this.phase === PHASE_IDLE && !startValid;
  }

  reset(): void {
    this.macro.reset();
    this.phase = PHASE_IDLE;
    this.round = 0;
    this.wait = 0;
    this.outValid = false;
    this.peekData = undefined;
  }

  /** conv_done is high in this cycle. */
  get convDone(): boolean {
    return this.phase === PHASE_CONVERTING && this.wait === 0;
  }

  /**
   * One clock edge. `startSpikes` (spikeWords(R) words) is read only when
   * `startValid` and the controller is idle; the write is taken when
   * writeReady(startValid); the peek when idle and no read starts.
   * Returns whether a read started at this edge.
   */
  tick(
    outReady: boolean,
    startValid: boolean,
    startSpikes: Uint32Array | undefined,
    startShift: number,
    wrValid = false,
    wrKind = 0,
    wrAddr = 0,
    wrData = 0,
    peekEn = false,
    peekAddr = 0,
  ): boolean {
    const idle = this.phase === PHASE_IDLE;
    const startFire = idle && startValid;
    const done = this.phase === PHASE_CONVERTING && this.wait === 0;
    const free = !this.outValid || outReady;
    const capture = (done || this.phase === PHASE_HOLDING) && free;

    this.peekData = peekEn && idle && !startValid ? this.peek(peekAddr) : undefined;
    if (idle && !startValid && wrValid) this.write(wrKind, wrAddr, wrData);
    if (capture) {
      this.loadOutput();
      if (this.outLast) this.phase = PHASE_IDLE;
      else this.startRound(this.round + 1);
    } else {
      if (done) this.phase = PHASE_HOLDING;
      else if (this.phase === PHASE_CONVERTING) this.wait--;
      if (this.outValid && outReady) this.outValid = false;
    }
    if (startFire) {
      this.computeCurrents(this.macro.nextReadKey(), startSpikes!);
      this.shift = startShift;
      this.startRound(0);
    }
    return startFire;
  }

  /**
   * Edges in which nothing but the conversion timer changes, given that the
   * output register is not emptied and nothing starts or is written: the
   * running round's remaining wait (0 when something happens now).
   */
  quietCycles(): number {
    if (this.phase === PHASE_CONVERTING) return this.wait;
    if (this.phase === PHASE_HOLDING) return 0;
    return Infinity;
  }

  /** n quiet edges (n <= quietCycles(), output register not emptied). */
  skip(n: number): void {
    if (this.phase === PHASE_CONVERTING) this.wait -= n;
    if (n > 0) this.peekData = undefined;
  }

  private startRound(round: number): void {
    this.phase = PHASE_CONVERTING;
    this.round = round;
    this.wait = this.convWait;
  }

  /** The output register takes the running round's codes. */
  private loadOutput(): void {
    const { share, nadc, adcBits, shift } = this;
    const j = this.round;
    // adcCode() with the floor division as an arithmetic shift (|I| < 2^31)
    const hi = 2 ** (adcBits - 1) - 1;
    const lo = -hi - 1;
    for (let a = 0; a < nadc; a++) {
      const q = this.currents[a * share + j]! >> shift;
      this.outCodes[a] = q > hi ? hi : q < lo ? lo : q;
    }
    this.outValid = true;
    this.outRound = j;
    this.outLast = j === share - 1;
  }

  /** The levels were written behind write()'s back: rebuild every row's column list before the next read. */
  levelsChanged(): void {
    this.rowDirty.fill(1);
    this.anyDirty = true;
  }

  /** Rebuilds the nonzero-column lists of the rows written since the last read. */
  private refreshRows(): void {
    const { plus, minus } = this.macro;
    const cols = this.cols;
    for (let r = 0; r < this.rows; r++) {
      if (this.rowDirty[r] === 0) continue;
      let n = 0;
      for (let c = 0; c < cols; c++) if ((plus[r * cols + c]! | minus[r * cols + c]!) !== 0) this.rowCols[r * cols + n++] = c;
      this.rowLen[r] = n;
      this.rowDirty[r] = 0;
    }
    this.anyDirty = false;
  }

  /**
   * Column currents of a whole read: sum over active rows of read(G+) - read(G-).
   * A device whose level has sigma entry 0 reads exactly level * 2^8: no hash;
   * a pair with both levels 0 reads exactly 0 when S[0] = 0: not visited.
   */
  computeCurrents(key: number, spikes: Uint32Array): void {
    const { plus, minus, sigma } = this.macro;
    const cols = this.cols;
    const cur = this.currents;
    cur.fill(0);
    if (this.anyDirty) this.refreshRows();
    const sparse = sigma[0] === 0;
    const rowCols = this.rowCols;
    const words = spikeWords(this.rows);
    for (let w = 0; w < words; w++) {
      let bits = spikes[w]! >>> 0;
      while (bits !== 0) {
        const low = bits & -bits;
        const r = (w << 5) + (31 - Math.clz32(low));
        bits = (bits ^ low) >>> 0;
        const base = r * cols;
        const n = sparse ? this.rowLen[r]! : cols;
        for (let k = 0; k < n; k++) {
          const c = sparse ? rowCols[base + k]! : k;
          const i = base + c;
          const lp = plus[i]!;
          const lm = minus[i]!;
          const sp = sigma[lp]!;
          const sm = sigma[lm]!;
          let v = lp << READ_FRAC_BITS;
          if (sp !== 0) {
            // lowbias32(key ^ id) with id = 2i, then the Irwin-Hall byte sum (noise.ts, inlined)
            let h = key ^ (i << 1);
            h ^= h >>> 16;
            h = Math.imul(h, 0x7feb352d);
            h ^= h >>> 15;
            h = Math.imul(h, 0x846ca68b);
            h ^= h >>> 16;
            const z = (h & 0xff) + ((h >>> 8) & 0xff) + ((h >>> 16) & 0xff) + (h >>> 24) - 510;
            v += (z * sp) >> 8;
            if (v < 0) v = 0;
          }
          let m = lm << READ_FRAC_BITS;
          if (sm !== 0) {
            let h = key ^ ((i << 1) | 1);
            h ^= h >>> 16;
            h = Math.imul(h, 0x7feb352d);
            h ^= h >>> 15;
            h = Math.imul(h, 0x846ca68b);
            h ^= h >>> 16;
            const z = (h & 0xff) + ((h >>> 8) & 0xff) + ((h >>> 16) & 0xff) + (h >>> 24) - 510;
            m += (z * sm) >> 8;
            if (m < 0) m = 0;
          }
          cur[c] += v - m;
        }
      }
    }
  }

  /** {G-, G+} of the pair at a write/peek address (0 outside the array). */
  peek(addr: number): number {
    if (addr >>> this.pairAddrBits !== 0) return 0;
    const row = addr >>> this.colBits;
    const col = addr & ((1 << this.colBits) - 1);
    if (row >= this.rows || col >= this.cols) return 0;
    const i = row * this.cols + col;
    return ((this.macro.minus[i]! << this.p.gbits) | this.macro.plus[i]!) >>> 0;
  }

  /** sigma_rd_data for a level (0 above L_MAX). */
  sigmaRead(level: number): number {
    return level <= maxLevel(this.p) ? this.macro.sigma[level]! : 0;
  }

  /** A host write (wr_kind 0 pair, 1 sigma, 2 seed, 3 nothing), taken at this edge. */
  write(kind: number, addr: number, data: number): void {
    data >>>= 0;
    if (kind === WRITE_PAIR) {
      if (addr >>> this.pairAddrBits !== 0) return; // an address bit above RB + CB: ignored
      const g = this.p.gbits;
      const row = addr >>> this.colBits;
      this.macro.writePair(row, addr & ((1 << this.colBits) - 1), data & 0xff, (data >>> g) & 0xff);
      if (row < this.rows) {
        this.rowDirty[row] = 1;
        this.anyDirty = true;
      }
    } else if (kind === WRITE_SIGMA) {
      this.macro.writeSigma(addr, data);
    } else if (kind === WRITE_SEED) {
      this.macro.writeSeed(data);
    }
  }
}
