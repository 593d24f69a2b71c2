// `neurotile synth` with the real Yosys and nextpnr-ice40.
import { describe, expect, it } from 'vitest';
import { cli, lines, onlyJson } from './test-support.ts';

// Yosys and nextpnr on a loaded machine: a timeout sized to their work, not the suite's default.
describe('neurotile synth', { timeout: 900_000 }, () => {
  it('generic: the FIFO has one flip-flop per stored bit plus its counters', () => {
    const r = cli(['synth', '--target', 'fifo', '--json', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const report = onlyJson(r.stdout) as { top: string; cells: number; flipFlops: number };
    expect(report.top).toBe('Fifo_width8_depth16');
    // 16 x 8 entry bits, a 5-bit occupancy count and two 4-bit pointers.
    expect(report.flipFlops).toBe(16 * 8 + 5 + 4 + 4);
    expect(report.cells).toBeGreaterThan(report.flipFlops);
  });

  it('ice40: LUTs, no BRAM for a register FIFO, and an Fmax from nextpnr', () => {
    const r = cli(['synth', '--target', 'fifo', '--arch', 'ice40', '--json', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const report = onlyJson(r.stdout) as { luts: number; brams: number; fmaxMHz: number; flipFlops: number };
    expect(report.luts).toBeGreaterThan(50);
    expect(report.brams).toBe(0);
    expect(report.flipFlops).toBe(141);
    expect(report.fmaxMHz).toBeGreaterThan(12);
  });

  it('bad --arch is bad input', () => {
    const r = cli(['synth', '--arch', 'asic']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(["neurotile: --arch: unknown value 'asic' (known: generic, ice40)"]);
  });
});
