// Test-file order for a 2-core machine: the few files that take minutes start
// first, longest first, so two of them never end up last on one core while the
// other idles. Without this, a fresh checkout (CI: no vitest cache) runs files
// by size, and the small-but-slow ones (chip-full-size.test.ts is 30 lines)
// would start last. The rest keep vitest's own order (cached durations, else size).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Slowest first, as measured on the shared 2-core machine (docs/testing.md). */
export const SLOW_FIRST = [
  // The reference chip's Verilator build (~2 min): first, so rtl-replay (last here) finds it built.
  'testbench/chip-full-size.test.ts',
  'testbench/planted-bugs.test.ts',
  'tools/bench/bench.test.ts',
  'testbench/router-cosim.test.ts',
  'testbench/crossbar-cosim.test.ts',
  'tools/cli/lint.test.ts',
  'testbench/chip-cosim.test.ts',
  'tools/cli/errors.test.ts',
  'tools/report/report.test.ts',
  'tools/sweep/sweep-slurm.test.ts',
  'workloads/train/train-network.test.ts',
  'testbench/sampler-cosim.test.ts',
  'tools/emulate/emulate.test.ts',
  'gen/emit/exact-width.test.ts',
  // Shares chip-full-size's model: started after it, it takes the cached model (10 s) instead of waiting on the build lock.
  'tools/emulate/rtl-replay.test.ts',
];

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rest = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((p) => f.moduleId.endsWith(`/${p}`));
      return i === -1 ? SLOW_FIRST.length : i;
    };
    // Array.prototype.sort is stable: files off the list keep vitest's order.
    return rest.sort((a, b) => rank(a) - rank(b));
  }
}
