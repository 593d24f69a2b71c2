// An output-stationary systolic array of multiply-accumulate cells: the
// "larger design" of the benchmarks. `flat` inlines every cell into one
// module (a stress test for elaboration and emission); otherwise each cell is
// an instance of one MacCell module (emitted once).
import { module, SInt, UInt, Bool, Vec, type ModuleBuilder, type Signal } from '../index.ts';

interface CellIo {
  a: Signal;
  b: Signal;
  valid: Signal;
  clear: Signal;
  aOut: Signal;
  bOut: Signal;
  validOut: Signal;
  acc: Signal;
}

/** One cell's logic inside builder `m`, with register names prefixed by `prefix`. */
function macLogic(m: ModuleBuilder, prefix: string, width: number, accWidth: number, a: Signal, b: Signal, valid: Signal, clear: Signal) {
  const aReg = m.reg(`${prefix}a`, SInt(width), { reset: 0 });
  const bReg = m.reg(`${prefix}b`, SInt(width), { reset: 0 });
  const validReg = m.reg(`${prefix}valid`, Bool(), { reset: 0 });
  const acc = m.reg(`${prefix}acc`, SInt(accWidth), { reset: 0 });
  aReg.set(a);
  bReg.set(b);
  validReg.set(valid);
  m.when(clear, () => acc.set(0)).elsewhen(valid, () => acc.set(acc.addWrap(a.mul(b).pad(accWidth))));
  return { aOut: aReg, bOut: bReg, validOut: validReg, acc };
}

export const MacCell = (width: number, accWidth: number) =>
  module('MacCell', { width, accWidth }, (m) => {
    const a = m.input('a', SInt(width));
    const b = m.input('b', SInt(width));
    const valid = m.input('valid', Bool());
    const clear = m.input('clear', Bool());
    const out = macLogic(m, 'held_', width, accWidth, a, b, valid, clear);
    const aOut = m.output('a_out', SInt(width));
    const bOut = m.output('b_out', SInt(width));
    const validOut = m.output('valid_out', Bool());
    const acc = m.output('acc_out', SInt(accWidth));
    aOut.set(out.aOut);
    bOut.set(out.bOut);
    validOut.set(out.validOut);
    acc.set(out.acc);
    return { a, b, valid, clear, aOut, bOut, validOut, acc } satisfies CellIo;
  });

/**
 * rows x cols cells; a enters from the west of each row (a_in_<r>), b from the
 * north of each column (b_in_<c>), both move one cell per cycle. Outputs: the
 * south-east accumulator and a 16-bit checksum (XOR of every accumulator's low
 * bits, as a balanced tree) so that no cell is dead logic.
 */
export const SystolicArray = (rows: number, cols: number, width: number, flat = false) =>
  module('SystolicArray', { rows, cols, width, flat }, (m) => {
    const accWidth = 2 * width + Math.ceil(Math.log2(Math.max(2, rows * cols))) + 4;
    const westA = m.input('a_in', Vec(rows, SInt(width)));
    const northB = m.input('b_in', Vec(cols, SInt(width)));
    const valid = m.input('valid', Bool());
    const clear = m.input('clear', Bool());
    const accs: Signal[] = [];
    const aRight: Signal[][] = [];
    const bDown: Signal[][] = [];
    const vRight: Signal[][] = [];
    for (let r = 0; r < rows; r++) {
      aRight.push([]);
      bDown.push([]);
      vRight.push([]);
      for (let c = 0; c < cols; c++) {
        const a = c === 0 ? westA[r] : aRight[r][c - 1];
        const b = r === 0 ? northB[c] : bDown[r - 1][c];
        const v = c === 0 ? valid : vRight[r][c - 1];
        let out: { aOut: Signal; bOut: Signal; validOut: Signal; acc: Signal };
        if (flat) {
          out = macLogic(m, `cell_${r}_${c}_`, width, accWidth, a, b, v, clear);
        } else {
          const cell = m.instance(`cell_${r}_${c}`, MacCell(width, accWidth));
          cell.a.set(a);
          cell.b.set(b);
          cell.valid.set(v);
          cell.clear.set(clear);
          out = cell;
        }
        aRight[r].push(out.aOut);
        bDown[r].push(out.bOut);
        vRight[r].push(out.validOut);
        accs.push(out.acc);
      }
    }
    const checksumWidth = Math.min(16, accWidth);
    let level = accs.map((acc) => acc.asUInt().trunc(checksumWidth));
    while (level.length > 1) {
      const next: Signal[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i].xor(level[i + 1]) : level[i]);
      level = next;
    }
    m.output('checksum', UInt(checksumWidth)).set(level[0]);
    m.output('corner', SInt(accWidth)).set(accs[accs.length - 1]);
  });
