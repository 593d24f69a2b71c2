// runSynth's answer when a design has more I/O than the iCE40 package: a
// check failure that says so (Ice40DoesNotFit with pins), which the bench's
// sampler section turns into LUT counts without place and route (placeAndRoute: false).
import { expect, it } from 'vitest';
import { elaborate } from '../../gen/index.ts';
import { emitVerilog } from '../../gen/emit/verilog.ts';
import { Fifo } from '../../gen/lib/fifo.ts';
import { Ice40DoesNotFit, isAbcCrash, runSynth } from './run-synth.ts';

it('a 160-bit-wide FIFO (320 data pins) does not fit the hx8k package: Ice40DoesNotFit, pins', async () => {
  const design = elaborate(Fifo(160, 2));
  const files = emitVerilog(design).files.map((f) => ({ path: f.path, text: f.text }));
  const err = await runSynth(files, design.top, 'ice40').then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Ice40DoesNotFit);
  expect((err as Ice40DoesNotFit).pins).toBe(true);
  expect((err as Error).message).toMatch(/does not fit the iCE40 hx8k: it has more I\/O pins than the package/);
}, 600_000);

it('the same FIFO without place and route: its iCE40 cells from Yosys, no device, no Fmax', async () => {
  const design = elaborate(Fifo(160, 2));
  const files = emitVerilog(design).files.map((f) => ({ path: f.path, text: f.text }));
  const r = await runSynth(files, design.top, 'ice40', { placeAndRoute: false });
  // 2 x 160 bits of storage, plus the pointers and the count: at least 320 flip-flops, or BRAM.
  expect(r.flipFlops + 256 * (r.brams ?? 0)).toBeGreaterThanOrEqual(320);
  expect(r.luts).toBeGreaterThan(0);
  expect(r.cells).toBe(Object.values(r.cellsByType).reduce((a, b) => a + b, 0));
  expect(r.device).toBeUndefined();
  expect(r.fmaxMHz).toBeUndefined();
}, 600_000);

it('an ABC abort or crash is told from other Yosys failures (the one rerun is for it alone)', () => {
  // The message of the bench's sampler section on 2026-12-03 (status 134: an assertion in ABC).
  const seen = 'ERROR: ABC: execution of command ""berkeley-abc" -s -f /tmp/yosys-abc-fG1zti/abc.script 2>&1" failed: return code 134.';
  expect(isAbcCrash(seen)).toBe(true);
  expect(isAbcCrash(seen.replace('134', '139'))).toBe(true);
  // ABC killed for memory (137), or a design error, is not retried.
  expect(isAbcCrash(seen.replace('134', '137'))).toBe(false);
  expect(isAbcCrash('ERROR: Module `top\' referenced in module `x\' in cell `u\' is not part of the design.')).toBe(false);
});
