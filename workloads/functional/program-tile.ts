// Programming one tile as the host does it (emulator/device +
// emulator/crossbar/host): signed levels -> weights m / L_MAX -> differential
// pairs programmed with programming noise (PcmPairArray), drift to the
// inference time t, re-quantized to levels (quantizePairs), the sigma table
// for t (sigmaTable) and the global drift-compensation factor alpha
// (reference read right after programming, one read at t, over the pairs the
// layer uses). The whole tile is programmed (unused pairs at weight 0), as the
// chip does.
import { GlobalDriftCompensation, PcmPairArray, driftReadout, type PairConductances } from '../../emulator/device/index.ts';
import { quantizePairs, sigmaTable } from '../../emulator/crossbar/index.ts';

export const TILE_ROWS = 256;
export const TILE_COLS = 256;

export interface ProgrammedTile {
  rows: number;
  cols: number;
  gbits: number;
  /** Levels of G+ and G- per pair, row-major rows x cols (after programming noise, drift and re-quantization). */
  plus: Uint8Array;
  minus: Uint8Array;
  /** The twin's sigma table for t. */
  sigma: Uint16Array;
  /** Readout right after programming over readout at t (>= 1 as conductances drift down). */
  alpha: number;
  tS: number;
}

export interface ProgramOptions {
  gbits: number;
  /** Time since programming (s). */
  tS: number;
  /** Seed of the programming noise, drift exponents and the compensation reads. */
  seed: number;
  rows?: number;
  cols?: number;
  /** Device noise switched off (the exact levels, no drift, zero sigma table): for the noise-free reference. */
  ideal?: boolean;
  /**
   * Pairs the compensation readout averages over: only the pairs the layer
   * uses (the default: the host's calibration reads drive the layer's rows
   * and sum its columns) or the whole tile (what GlobalDriftCompensation does
   * on a whole array; the unused pairs, targeted at 0, drift faster and bias
   * a whole-tile alpha upwards when the layer fills little of the tile: 1.47
   * instead of 1.30 on the output tile, 129 x 10 of 256 x 256, at 1 h).
   */
  compensationRegion?: 'tile' | 'layer';
}

/**
 * Programs `levels` (signed, layerRows x layerCols row-major) into the top
 * left corner of a rows x cols tile.
 */
export function programTile(levels: ArrayLike<number>, layerRows: number, layerCols: number, o: ProgramOptions): ProgrammedTile {
  const rows = o.rows ?? TILE_ROWS;
  const cols = o.cols ?? TILE_COLS;
  if (layerRows > rows || layerCols > cols) throw new RangeError(`layer of ${layerRows} x ${layerCols} does not fit a ${rows} x ${cols} tile`);
  const lMax = 2 ** o.gbits - 1;
  if (o.ideal) {
    const plus = new Uint8Array(rows * cols);
    const minus = new Uint8Array(rows * cols);
    for (let r = 0; r < layerRows; r++) {
      for (let c = 0; c < layerCols; c++) {
        const m = levels[r * layerCols + c]!;
        if (m > 0) plus[r * cols + c] = m;
        else if (m < 0) minus[r * cols + c] = -m;
      }
    }
    return { rows, cols, gbits: o.gbits, plus, minus, sigma: new Uint16Array(lMax + 1), alpha: 1, tS: o.tS };
  }
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < layerRows; r++) {
    for (let c = 0; c < layerCols; c++) {
      const m = levels[r * layerCols + c]!;
      if (!(Number.isInteger(m) && Math.abs(m) <= lMax)) throw new RangeError(`level ${m} at (${r}, ${c}) is outside -${lMax}..${lMax}`);
      data[r * cols + c] = m / lMax;
    }
  }
  const array = PcmPairArray.program({ rows, cols, data }, { seed: o.seed });
  let alpha: number;
  if ((o.compensationRegion ?? 'layer') === 'tile') {
    const comp = GlobalDriftCompensation.calibrate(array);
    array.driftTo(o.tS);
    alpha = comp.alpha(array);
  } else {
    const region = (g: PairConductances) => {
      const sub = { plus: new Float64Array(layerRows * layerCols), minus: new Float64Array(layerRows * layerCols) };
      for (let r = 0; r < layerRows; r++) {
        for (let c = 0; c < layerCols; c++) {
          sub.plus[r * layerCols + c] = g.plus[r * cols + c]!;
          sub.minus[r * layerCols + c] = g.minus[r * cols + c]!;
        }
      }
      return driftReadout(sub);
    };
    const reference = region(array.read());
    array.driftTo(o.tS);
    alpha = reference / region(array.read());
  }
  const q = quantizePairs(array.drifted, o.gbits);
  return { rows, cols, gbits: o.gbits, plus: q.plus, minus: q.minus, sigma: sigmaTable(o.gbits, o.tS), alpha, tS: o.tS };
}

/** Threshold (or leak) written for compensation factor alpha: round(x / alpha), at least 1 for a threshold. */
export const compensatedThreshold = (theta: number, alpha: number): number => Math.max(1, Math.round(theta / alpha));
