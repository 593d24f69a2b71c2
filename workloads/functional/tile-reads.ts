// Fast crossbar reads for the functional model: the twin's integer arithmetic
// exactly (emulator/crossbar noise.ts: readKey, lowbias32, the Irwin-Hall
// deviate z, noisyRead, the ADC transfer adcCode), restricted to the devices
// that can contribute. A device at level 0 always reads 0 (S[0] = 0 and
// reads are clipped at 0), so each row keeps a list of its nonzero devices
// only, and a read visits active rows x nonzero devices.
import { adcCode, lowbias32, noisyRead, readKey, Z_MAX } from '../../emulator/crossbar/index.ts';
import type { ProgrammedTile } from './program-tile.ts';

export class TileReader {
  /** Per used row: start offsets into the device lists. */
  private readonly rowStart: Int32Array;
  private readonly devCol: Int32Array;
  private readonly devId: Int32Array;
  private readonly devLevel: Int32Array;
  private readonly devSigma: Int32Array;
  /** +1 for G+, -1 for G-. */
  private readonly devSign: Int32Array;
  private readonly current: Int32Array;
  /** Reads started (the twin's read index). */
  readIndex = 0;
  /** Device reads that were nonzero-level (work done), for speed figures. */
  deviceVisits = 0;

  constructor(
    tile: ProgrammedTile,
    /** Rows and columns in use (rows beyond stay silent, columns beyond are not converted here). */
    readonly usedRows: number,
    readonly usedCols: number,
    readonly seed: number,
    readonly adcBits = 8,
  ) {
    const col: number[] = [];
    const id: number[] = [];
    const level: number[] = [];
    const sign: number[] = [];
    this.rowStart = new Int32Array(usedRows + 1);
    for (let r = 0; r < usedRows; r++) {
      this.rowStart[r] = col.length;
      for (let c = 0; c < usedCols; c++) {
        const i = r * tile.cols + c;
        const lp = tile.plus[i]!;
        const lm = tile.minus[i]!;
        if (lp) col.push(c), id.push(2 * i), level.push(lp), sign.push(1);
        if (lm) col.push(c), id.push(2 * i + 1), level.push(lm), sign.push(-1);
      }
    }
    this.rowStart[usedRows] = col.length;
    this.devCol = Int32Array.from(col);
    this.devId = Int32Array.from(id);
    this.devLevel = Int32Array.from(level);
    this.devSigma = Int32Array.from(level, (l) => tile.sigma[l]!);
    this.devSign = Int32Array.from(sign);
    this.current = new Int32Array(usedCols);
  }

  /** Nonzero devices (the work of a read with every row active). */
  get nonzeroDevices(): number {
    return this.devCol.length;
  }

  /**
   * One read with `count` active rows (indices in `active`): column currents
   * I[c] = sum (read(G+) - read(G-)) in 2^-8 level units, then the ADC codes
   * clamp(floor(I / 2^shift)) written into `codes`.
   */
  read(active: Int32Array, count: number, shift: number, codes: Int32Array): Int32Array {
    const key = readKey(this.seed, this.readIndex);
    this.readIndex = (this.readIndex + 1) >>> 0;
    const cur = this.current;
    cur.fill(0);
    const { rowStart, devCol, devId, devLevel, devSigma, devSign } = this;
    let visits = 0;
    for (let a = 0; a < count; a++) {
      const r = active[a]!;
      const end = rowStart[r + 1]!;
      for (let d = rowStart[r]!; d < end; d++) {
        // deviateZ(key, id) and noisyRead(level, S, z), inlined.
        let h = (key ^ devId[d]!) >>> 0;
        h ^= h >>> 16;
        h = Math.imul(h, 0x7feb352d) >>> 0;
        h ^= h >>> 15;
        h = Math.imul(h, 0x846ca68b) >>> 0;
        h ^= h >>> 16;
        const z = (h & 0xff) + ((h >>> 8) & 0xff) + ((h >>> 16) & 0xff) + (h >>> 24) - Z_MAX;
        const v = (devLevel[d]! << 8) + ((z * devSigma[d]!) >> 8);
        cur[devCol[d]!]! += v > 0 ? devSign[d]! * v : 0;
      }
      visits += end - rowStart[r]!;
    }
    this.deviceVisits += visits;
    const lo = -(2 ** (this.adcBits - 1));
    const hi = 2 ** (this.adcBits - 1) - 1;
    for (let c = 0; c < this.usedCols; c++) {
      const q = cur[c]! >> shift; // arithmetic shift = floor(I / 2^shift) for shift <= 31
      codes[c] = q < lo ? lo : q > hi ? hi : q;
    }
    return codes;
  }
}

/** The spec's reference functions, for tests that check the inlined loop against them. */
export const reference = { lowbias32, noisyRead, adcCode, readKey };
