// The MVM error analysis behaves as the physics says: drift grows the raw
// error over time, compensation removes most of it, and the twin (8-bit
// levels, integer noise) tracks the float model.
import { expect, it } from 'vitest';
import { MVM_ERROR_TIMES, mvmErrorTable } from './mvm-error.ts';

it('256 x 256 MVM error vs time, with and without drift compensation', () => {
  const rows = mvmErrorTable({ rows: 256, cols: 256, gbits: 8, timesS: MVM_ERROR_TIMES.map((t) => t.s), vectors: 8, density: 0.25, seed: 7 });
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const table = [
    '| t after programming | float, raw | float, compensated | twin (8-bit levels), raw | twin, compensated |',
    '|---|---|---|---|---|',
    ...rows.map((r, i) => `| ${MVM_ERROR_TIMES[i]!.label} | ${pct(r.float)} | ${pct(r.floatCompensated)} | ${pct(r.twin)} | ${pct(r.twinCompensated)} |`),
  ].join('\n');
  console.log(table);
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  expect(last.float).toBeGreaterThan(first.float);
  expect(last.floatCompensated).toBeLessThan(last.float / 2);
  expect(last.twinCompensated).toBeLessThan(last.twin / 2);
  for (const r of rows) expect(Math.abs(r.twinCompensated - r.floatCompensated)).toBeLessThan(0.25 * r.floatCompensated + 0.01);
}, 120_000);
