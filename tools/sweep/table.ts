// The merged tables of a sweep: every point (parameters, status, kept
// metrics), and the Pareto front of accuracy against energy per inference
// (and against energy and latency together). Built only from the point
// files, in point order, with no timestamps, hosts or paths: the same spec
// gives the same bytes whichever engine ran the points.
import { join } from 'node:path';
import { readPoint, writeAtomic, type Sweep } from './layout.ts';
import type { MetricValue } from './run-point.ts';
import { COSIM_METRICS, EMULATE_METRICS } from './spec.ts';

export type Status = 'ok' | 'failed' | 'missing';

export interface Row {
  id: string;
  kind: string;
  status: Status;
  params: Record<string, string | number | boolean>;
  metrics: Record<string, MetricValue>;
  error: string | null;
  /** On the front of accuracy vs energy per inference. */
  paretoEnergy: boolean;
  /** On the front of accuracy vs energy and latency. */
  paretoEnergyLatency: boolean;
}

export interface Tables {
  name: string;
  complete: boolean;
  counts: { points: number; ok: number; failed: number; missing: number };
  rows: Row[];
  pareto: { accuracyVsEnergy: string[]; accuracyVsEnergyLatency: string[] };
}

interface Candidate {
  id: string;
  acc: number;
  energy: number;
  latency: number;
}

/** a dominates b: no worse in every objective, better in one (accuracy up; energy, latency down). */
function dominates(a: Candidate, b: Candidate, withLatency: boolean): boolean {
  const noWorse = a.acc >= b.acc && a.energy <= b.energy && (!withLatency || a.latency <= b.latency);
  const better = a.acc > b.acc || a.energy < b.energy || (withLatency && a.latency < b.latency);
  return noWorse && better;
}

/** Ids of the non-dominated candidates, by energy (then accuracy down, then id). */
export function paretoFront(cands: readonly Candidate[], withLatency: boolean): string[] {
  return cands
    .filter((c) => !cands.some((o) => dominates(o, c, withLatency)))
    .sort((a, b) => a.energy - b.energy || b.acc - a.acc || (a.id < b.id ? -1 : 1))
    .map((c) => c.id);
}

export function buildTables(sweep: Sweep): Tables {
  const rows: Row[] = sweep.points.map((p) => {
    const r = readPoint(sweep.out, p.id);
    const status: Status = r ? r.status : 'missing';
    return { id: p.id, kind: p.kind, status, params: p.params, metrics: status === 'ok' ? (r!.metrics ?? {}) : {}, error: r?.error ?? null, paretoEnergy: false, paretoEnergyLatency: false };
  });
  const cands: Candidate[] = [];
  for (const r of rows) {
    const { accuracy, energyPj, latencyUs } = r.metrics;
    if (r.kind === 'emulate' && r.status === 'ok' && typeof accuracy === 'number' && typeof energyPj === 'number' && typeof latencyUs === 'number') {
      cands.push({ id: r.id, acc: accuracy, energy: energyPj, latency: latencyUs });
    }
  }
  const accuracyVsEnergy = paretoFront(cands, false);
  const accuracyVsEnergyLatency = paretoFront(cands, true);
  for (const r of rows) {
    r.paretoEnergy = accuracyVsEnergy.includes(r.id);
    r.paretoEnergyLatency = accuracyVsEnergyLatency.includes(r.id);
  }
  const count = (s: Status) => rows.filter((r) => r.status === s).length;
  const counts = { points: rows.length, ok: count('ok'), failed: count('failed'), missing: count('missing') };
  return { name: sweep.spec.name, complete: counts.ok === counts.points, counts, rows, pareto: { accuracyVsEnergy, accuracyVsEnergyLatency } };
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const METRIC_ORDER: readonly string[] = [...EMULATE_METRICS, ...COSIM_METRICS.filter((m) => !(EMULATE_METRICS as readonly string[]).includes(m))];

export function tablesCsv(t: Tables, onlyPareto = false): string {
  const paramCols = [...new Set(t.rows.flatMap((r) => Object.keys(r.params)))].sort();
  const present = new Set(t.rows.flatMap((r) => Object.keys(r.metrics)));
  const metricCols = METRIC_ORDER.filter((m) => present.has(m));
  const header = ['id', 'kind', 'status', ...paramCols, ...metricCols, 'paretoEnergy', 'paretoEnergyLatency', 'error'];
  const rows = (onlyPareto ? t.pareto.accuracyVsEnergy.map((id) => t.rows.find((r) => r.id === id)!) : t.rows).map((r) =>
    [r.id, r.kind, r.status, ...paramCols.map((c) => r.params[c]), ...metricCols.map((c) => r.metrics[c]), r.paretoEnergy, r.paretoEnergyLatency, r.error].map(csvCell).join(','),
  );
  return `${[header.join(','), ...rows].join('\n')}\n`;
}

export interface WrittenTables {
  tables: Tables;
  files: { csv: string; json: string; pareto: string };
}

/** Writes table.csv, table.json and pareto.csv (the accuracy-vs-energy front) into OUT. */
export function writeTables(sweep: Sweep): WrittenTables {
  const tables = buildTables(sweep);
  const files = { csv: join(sweep.out, 'table.csv'), json: join(sweep.out, 'table.json'), pareto: join(sweep.out, 'pareto.csv') };
  writeAtomic(files.csv, tablesCsv(tables));
  writeAtomic(files.pareto, tablesCsv(tables, true));
  writeAtomic(files.json, `${JSON.stringify(tables, null, 2)}\n`);
  return { tables, files };
}

/** The front as an aligned text table, for the terminal. */
export function paretoText(t: Tables): string {
  if (!t.pareto.accuracyVsEnergy.length) return '';
  const rows = t.pareto.accuracyVsEnergy.map((id) => t.rows.find((r) => r.id === id)!);
  const params = [...new Set(rows.flatMap((r) => Object.keys(r.params)))].filter((k) => new Set(t.rows.map((r) => JSON.stringify(r.params[k]))).size > 1).sort();
  const head = ['point', ...params, 'accuracy', 'energy pJ', 'latency us', 'energy+latency front'];
  const body = rows.map((r) => [r.id, ...params.map((p) => String(r.params[p] ?? '')), fmt(r.metrics.accuracy, 4), fmt(r.metrics.energyPj, 1), fmt(r.metrics.latencyUs, 2), r.paretoEnergyLatency ? 'yes' : 'no']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return `${[line(head), ...body.map(line)].join('\n')}\n`;
}

function fmt(v: MetricValue | undefined, digits: number): string {
  return typeof v === 'number' ? v.toFixed(digits) : '';
}
