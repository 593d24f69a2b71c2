// The measurements of docs/inference.md: runs `neurotile emulate --json`
// for each row (argument arrays, one at a time), keeps each result in
// build/inference/<name>.json (a run whose file exists is not repeated) and
// prints the markdown tables.
//
//   npx tsx scripts/inference-tables.ts [--only NAME,...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'build', 'inference');
const OPEN = 'workloads/networks/fashion-mnist-snn-open-set.json';

interface Row {
  name: string;
  args: string[];
}

const S_IMAGES = '1000';
const S64_IMAGES = '150';
const T_IMAGES = '1000';
const OOD_S16_IMAGES = '300';
const TIMES: [string, string][] = [
  ['1s', '1'],
  ['1h', '3600'],
  ['1d', '86400'],
  ['1y', '31536000'],
];

export const ROWS: Row[] = [
  { name: 'full-s1', args: [] },
  { name: 'full-s1-seed2024', args: ['--seed', '2024'] },
  ...['1', '4', '16'].map((s) => ({ name: `s${s}-n${S_IMAGES}`, args: ['--limit', S_IMAGES, '--samples', s] })),
  ...TIMES.flatMap(([label, t]) => [
    { name: `t${label}-comp`, args: ['--limit', T_IMAGES, '--t-s', t] },
    { name: `t${label}-nocomp`, args: ['--limit', T_IMAGES, '--t-s', t, '--no-drift-compensation'] },
  ]),
  { name: 'ood-s1', args: ['--network', OPEN, '--limit', '2000'] },
  { name: 'ood-s16', args: ['--network', OPEN, '--limit', OOD_S16_IMAGES, '--samples', '16'] },
  { name: `ood-s1-n${OOD_S16_IMAGES}`, args: ['--network', OPEN, '--limit', OOD_S16_IMAGES] },
  { name: `s1-n${S64_IMAGES}`, args: ['--limit', S64_IMAGES, '--samples', '1'] },
  { name: `s64-n${S64_IMAGES}`, args: ['--limit', S64_IMAGES, '--samples', '64'] },
];

function run(row: Row): any {
  const file = join(OUT, `${row.name}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const args = ['bin/neurotile.mjs', 'emulate', ...row.args, '--json'];
  process.stderr.write(`npx neurotile ${args.slice(1).join(' ')}\n`);
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${row.name}: exit ${r.status}: ${r.stderr}`);
  writeFileSync(`${file}.tmp`, r.stdout);
  renameSync(`${file}.tmp`, file);
  return JSON.parse(r.stdout);
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const nj = (pj: number) => `${(pj / 1000).toFixed(1)} nJ`;

function main() {
  mkdirSync(OUT, { recursive: true });
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : undefined;
  const got = new Map<string, any>();
  for (const row of ROWS) if (!only || only.includes(row.name)) got.set(row.name, run(row));
  const out: string[] = [];
  const full = got.get('full-s1');
  if (full) {
    out.push(`Full test set: ${full.images} images, S = 1, t = 1 h, compensation on: chip ${pct(full.metrics.accuracy)} (ECE ${pct(full.metrics.ece)}, NLL ${full.metrics.nll.toFixed(3)}), float ANN ${pct(full.float.accuracy)}, gap ${(100 * (full.float.accuracy - full.metrics.accuracy)).toFixed(2)} points; ${full.imagesPerSecond.toFixed(1)} images/s on ${full.config.workers} workers`);
  }
  out.push('', '| S | images | accuracy | ECE | NLL | Brier | ECE / NLL, vote Dirichlet | cycles | energy / inference |', '|---|---|---|---|---|---|---|---|---|');
  for (const name of [`s1-n${S_IMAGES}`, `s4-n${S_IMAGES}`, `s16-n${S_IMAGES}`, `s1-n${S64_IMAGES}`, `s64-n${S64_IMAGES}`]) {
    const j = got.get(name);
    if (j) out.push(`| ${j.config.samples} | ${j.images} | ${pct(j.metrics.accuracy)} | ${pct(j.metrics.ece)} | ${j.metrics.nll.toFixed(3)} | ${j.metrics.brier.toFixed(3)} | ${pct(j.readout.alternatives.voteDirichlet.ece)} / ${j.readout.alternatives.voteDirichlet.nll.toFixed(3)} | ${Math.round(j.perInference.cycles)} | ${nj(j.energy.perInferencePj)} |`);
  }
  out.push('', '| t | compensated: accuracy / ECE | uncompensated: accuracy / ECE | alpha (hidden / output tile) |', '|---|---|---|---|');
  for (const [label] of TIMES) {
    const a = got.get(`t${label}-comp`);
    const b = got.get(`t${label}-nocomp`);
    const cell = (j: any) => (j ? `${pct(j.metrics.accuracy)} / ${pct(j.metrics.ece)}` : '');
    if (a || b) out.push(`| ${label} | ${cell(a)} | ${cell(b)} | ${a ? a.programming.alpha.map((x: number) => x.toFixed(2)).join(' / ') : ''} |`);
  }
  out.push('', '| open set | ID / OOD images | ID accuracy | AUROC max prob | AUROC entropy | float max-softmax AUROC |', '|---|---|---|---|---|---|');
  for (const name of ['ood-s1', `ood-s1-n${OOD_S16_IMAGES}`, 'ood-s16']) {
    const j = got.get(name);
    if (j) out.push(`| S = ${j.config.samples} | ${j.ood.idImages} / ${j.ood.oodImages} | ${pct(j.metrics.accuracy)} | ${j.ood.aurocMaxProb.toFixed(3)} | ${j.ood.aurocEntropy.toFixed(3)} | ${j.ood.floatAurocMaxProb.toFixed(3)} |`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
