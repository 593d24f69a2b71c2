// runSynth's answer when a design has more I/O than the iCE40 package: a
// check failure that says so (Ice40DoesNotFit with pins), which the bench's
// sampler section turns into LUT counts without place and route.
import { expect, it } from 'vitest';
import { elaborate } from '../../gen/index.ts';
import { emitVerilog } from '../../gen/emit/verilog.ts';
import { Fifo } from '../../gen/lib/fifo.ts';
import { Ice40DoesNotFit, runSynth } from './run-synth.ts';

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
