// Every gen/lib block, at several parameter sets, emits Verilog that passes
// Verilator --lint-only -Wall with zero warnings, compiles in Icarus and
// synthesizes in Yosys. A missing tool fails these tests (runLint reports it
// as a failed check with an install hint); nothing is skipped.
import { describe, expect, test } from 'vitest';
import type { ModuleDef } from '../index.ts';
import { Fifo, RoundRobinArbiter, Counter, UpDownCounter } from './index.ts';
import { expectLintClean } from './test-support.ts';
import { spawnSync } from 'node:child_process';

const BLOCKS: [string, () => ModuleDef][] = [
  ['Fifo(8, 16)', () => Fifo(8, 16)],
  ['Fifo(1, 1)', () => Fifo(1, 1)],
  ['Fifo(8, 2)', () => Fifo(8, 2)],
  ['Fifo(13, 3)', () => Fifo(13, 3)],
  ['Fifo(72, 9)', () => Fifo(72, 9)],
  ['Fifo(32, 17) (memory)', () => Fifo(32, 17)],
  ['Fifo(8, 64) (memory)', () => Fifo(8, 64)],
  ['Fifo(1, 1000) (memory)', () => Fifo(1, 1000)],
  ['Fifo(8, 1, memory)', () => Fifo(8, 1, { storage: 'memory' })],
  ['Fifo(8, 2, memory)', () => Fifo(8, 2, { storage: 'memory' })],
  ['Fifo(5, 3, memory)', () => Fifo(5, 3, { storage: 'memory' })],
  ['Fifo(4, 40, registers)', () => Fifo(4, 40, { storage: 'registers' })],
  ['RoundRobinArbiter(1)', () => RoundRobinArbiter(1)],
  ['RoundRobinArbiter(2)', () => RoundRobinArbiter(2)],
  ['RoundRobinArbiter(5)', () => RoundRobinArbiter(5)],
  ['RoundRobinArbiter(16)', () => RoundRobinArbiter(16)],
  ['RoundRobinArbiter(70)', () => RoundRobinArbiter(70)],
  ['Counter(1)', () => Counter(1)],
  ['Counter(8)', () => Counter(8)],
  ['Counter(4, wrapAt 10)', () => Counter(4, { wrapAt: 10 })],
  ['Counter(3, wrapAt 1)', () => Counter(3, { wrapAt: 1 })],
  ['Counter(70, wrapAt 10^20)', () => Counter(70, { wrapAt: 10n ** 20n })],
  ['UpDownCounter(1)', () => UpDownCounter(1)],
  ['UpDownCounter(6)', () => UpDownCounter(6)],
  ['UpDownCounter(6, saturate)', () => UpDownCounter(6, { saturate: true })],
  ['UpDownCounter(40, saturate)', () => UpDownCounter(40, { saturate: true })],
];

describe('gen/lib lint', () => {
  test.each([
    ['verilator', ['--version']],
    ['iverilog', ['-V']],
    ['yosys', ['-V']],
  ])('%s is installed', (tool, args) => {
    const r = spawnSync(tool, args, { encoding: 'utf8', timeout: 30_000 });
    const why = r.error ? r.error.message : `exit status ${r.status}: ${r.stderr}`;
    expect(r.status, `${tool} is required by the gen/lib lint tests and could not be run (${why}); install it: apt-get install ${tool}`).toBe(0);
  });

  test.each(BLOCKS)('%s: Verilator -Wall clean, Icarus compiles, Yosys synthesizes', async (_name, build) => {
    await expectLintClean(build());
  });
});
