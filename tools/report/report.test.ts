// `neurotile report` end to end, on the real commands: the default run
// (11 `neurotile emulate` runs on a dozen images each, sample, the sampler,
// router and crossbar studies, the bench) written to one HTML file,
// opened in Debian's headless Chromium: no console errors, no network
// requests, every chart present and drawn, a screenshot in build/. The
// numbers on the page are those of the JSON it was built from; the same
// inputs give the same bytes; Ctrl-C leaves the previous file and no child.
// The bench part runs on two designs (--bench-designs, --bench-backends):
// the chart needs a bench's throughput, not the whole `bench --quick` (six
// designs, chip inference, builds, elaboration, sampler), which
// tools/bench/bench.test.ts runs once and checks against the report's schema
// and bench chart.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyJson, removeTempDirs, ROOT, tempDir } from '../cli/test-support.ts';
import { CHROMIUM, checkReportInBrowser, type PageCheck } from './browser.ts';

const BIN = join(ROOT, 'bin', 'neurotile.mjs');
/** The report's bench part: two small designs on the three kinds of backend (both models are bench.test's too: built once). */
const BENCH_SUBSET = ['--bench-designs', 'fifo,mac', '--bench-backends', 'dsl,verilator,icarus'];

function run(args: string[], timeoutMs = 1_800_000) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The value at "emulate[2].metrics.accuracy" in `obj`. */
function at(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) v = (v as Record<string, unknown>)?.[m[1] ?? Number(m[2])];
  return v;
}

/** A number as the page shows it ("85.87%", "1,234.56 nJ", "100.0 MHz") -> its value in the JSON's unit, and half a unit of its last digit. */
function shown(text: string): { value: number; tolerance: number } {
  const m = /^(-?[\d,]*\.?\d+)\s*(%|nJ|pJ|µs|MHz|images\/s)?$/.exec(text);
  if (!m) throw new Error(`not a number with a unit: '${text}'`);
  const digits = m[1]!.replace(/,/g, '');
  const decimals = digits.includes('.') ? digits.split('.')[1]!.length : 0;
  const scale = { '%': 0.01, nJ: 1000, MHz: 1e6 }[m[2] as string] ?? 1;
  return { value: Number(digits) * scale, tolerance: (0.5 * 10 ** -decimals + 1e-9) * scale };
}

function expectCellsMatch(cells: PageCheck['cells'], source: unknown): number {
  let checked = 0;
  for (const c of cells) {
    const want = at(source, c.path);
    expect(typeof want, `${c.path} in the JSON`).toBe('number');
    const got = shown(c.text);
    expect(Math.abs(got.value - (want as number)), `${c.path}: page '${c.text}', JSON ${want as number}`).toBeLessThanOrEqual(got.tolerance);
    checked++;
  }
  return checked;
}

let dir: string;
let html: string;
let result: Record<string, unknown>;

beforeAll(() => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (scripts/setup.sh installs it)`);
  dir = tempDir('neurotile-report-test-');
  html = join(dir, 'report.html');
  const r = run(['report', '--limit', '12', ...BENCH_SUBSET, '--out', html, '--json']);
  if (r.code !== 0) throw new Error(`report exited ${r.code}: ${r.stderr.slice(-2000)}`);
  result = onlyJson(r.stdout);
}, 1_800_000);

afterAll(() => removeTempDirs());

describe('neurotile report (default run)', () => {
  it('writes the whole file and says so in one JSON object', () => {
    const text = readFileSync(html, 'utf8');
    expect(result.out).toBe(html);
    expect(result.bytes).toBe(Buffer.byteLength(text));
    expect(text.startsWith('<!DOCTYPE html>') && text.trimEnd().endsWith('</html>')).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.html']);
    // Self-contained: nothing referenced outside the file (the SVG namespace is a name, not a load).
    expect(text).not.toMatch(/<script|<link|src="http|href="http|@import|url\(http/);
    const data = result.data as { emulate: { config: { samples: number; driftCompensation: boolean; network: { openSet: boolean } } }[] };
    expect(data.emulate).toHaveLength(11);
    expect(new Set(data.emulate.map((e) => e.config.samples))).toEqual(new Set([1, 4, 16]));
    expect(data.emulate.some((e) => !e.config.driftCompensation)).toBe(true);
    expect(data.emulate.filter((e) => e.config.network.openSet)).toHaveLength(1);
    expect((result.charts as { present: boolean }[]).every((c) => c.present)).toBe(true);
    // The bench part ran on the subset asked for, and the page says so.
    const bench = (result.data as { bench: { throughput: { design: string; backend: string }[] } }).bench;
    expect(new Set(bench.throughput.map((t) => t.design))).toEqual(new Set(['Fifo(8, 16)', 'SystolicArray(16x16 MACs)']));
    expect(new Set(bench.throughput.map((t) => t.backend))).toEqual(new Set(['dsl', 'verilator', 'icarus']));
    expect(result.sources).toContain('neurotile bench --quick --designs fifo,mac --backends dsl,verilator,icarus');
  });

  it('loads in headless Chromium without errors or requests, every chart drawn, screenshot in build/', async () => {
    mkdirSync(join(ROOT, 'build'), { recursive: true });
    const shot = join(ROOT, 'build', 'report-screenshot.png');
    const page = await checkReportInBrowser(html, shot);
    expect(page.consoleErrors).toEqual([]);
    expect(page.pageErrors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.title).toBe('neurotile report');
    const ids = (result.charts as { id: string }[]).map((c) => c.id);
    expect(page.charts.map((c) => c.id)).toEqual(ids);
    expect(ids).toEqual(expect.arrayContaining(['reliability-s1', 'reliability-s16', 'over-samples', 'over-time', 'energy-breakdown', 'ood-histograms', 'sampler-density', 'sampler-stderror', 'router-saturation', 'crossbar-mvm-error', 'bench']));
    for (const c of page.charts) {
      expect(c.present, c.id).toBe(true);
      expect(c.width, c.id).toBeGreaterThan(150);
      expect(c.height, c.id).toBeGreaterThan(60);
      expect(c.marks, c.id).toBeGreaterThan(20);
    }
    expect(statSync(shot).size).toBeGreaterThan(50_000);
    // The numbers on the page are those of the JSON the page was built from.
    expect(expectCellsMatch(page.cells, result.data)).toBeGreaterThan(60);
  }, 300_000);

  it('same inputs, same bytes: twice from the saved JSON', () => {
    const saved = join(dir, 'saved.json');
    writeFileSync(saved, JSON.stringify(result));
    const a = run(['report', '--from', saved, '--out', join(dir, 'a.html'), '--json']);
    const b = run(['report', '--from', saved, '--out', join(dir, 'b.html'), '--json']);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'a.html'))).toEqual(readFileSync(join(dir, 'b.html')));
    expect(onlyJson(a.stdout).sha256).toBe(onlyJson(b.stdout).sha256);
  }, 600_000);

  it('a saved emulate JSON: the page shows exactly its numbers', async () => {
    const one = join(dir, 'emulate.json');
    writeFileSync(one, JSON.stringify((result.data as { emulate: unknown[] }).emulate[0]));
    const out = join(dir, 'one.html');
    const r = run(['report', '--from', one, '--skip', 'sample,sampler,router,crossbar,bench', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const charts = onlyJson(r.stdout).charts as { id: string; present: boolean; missing?: string }[];
    expect(charts.find((c) => c.id === 'reliability-s1')?.present).toBe(true);
    expect(charts.find((c) => c.id === 'router-saturation')).toMatchObject({ present: false, missing: expect.stringMatching(/router study/) });
    const page = await checkReportInBrowser(out, join(dir, 'one.png'));
    expect(page.consoleErrors).toEqual([]);
    const file = JSON.parse(readFileSync(one, 'utf8')) as unknown;
    expect(expectCellsMatch(page.cells, { emulate: [file] })).toBeGreaterThan(20);
  }, 600_000);
});

describe('bad input and interruption', () => {
  it('bad input: one line on stderr, exit 2, the previous file untouched', () => {
    const keep = join(dir, 'keep.html');
    writeFileSync(keep, 'previous');
    const cases: [string[], RegExp][] = [
      [['--from', join(dir, 'nope.json')], /--from .*nope\.json: no such file/],
      [['--skip', 'router,colour'], /--skip: unknown part 'colour'/],
      [['--limit', '0'], /--limit: must be a whole number >= 1/],
      [['--bench-designs', 'fifo,colour'], /--bench-designs: unknown value 'colour' \(known: fifo, mac, mesh, crossbar, tile, chip\)/],
      [['--bench-backends', 'verilog'], /--bench-backends: unknown value 'verilog'/],
    ];
    for (const [args, message] of cases) {
      const r = run(['report', ...args, '--out', keep]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ command: 'emulate', config: {} }));
    const r = run(['report', '--from', bad, '--out', keep]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: field 'config\.chip'/);
    expect(run(['report', '--out', join(dir, 'no-such-dir', 'r.html')]).stderr).toMatch(/--out: directory .* does not exist/);
    expect(readFileSync(keep, 'utf8')).toBe('previous');
  }, 300_000);

  it('Ctrl-C during the emulate runs: exit 130, the previous file as it was, no temporary file, no emulate child left', async () => {
    const sub = tempDir('neurotile-report-int-');
    const out = join(sub, 'report.html');
    writeFileSync(out, 'previous');
    // --limit 7 marks this test's emulate children.
    const child = spawn(process.execPath, [BIN, 'report', '--limit', '7', '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/report: emulate S = 4/.test(stderr)) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).toMatch(/report interrupted \(SIGINT\)/);
    expect(code).toBe(130);
    expect(readFileSync(out, 'utf8')).toBe('previous');
    expect(readdirSync(sub)).toEqual(['report.html']);
    await new Promise((r) => setTimeout(r, 1000));
    const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
    expect(ps.split('\n').filter((l) => l.includes('emulate --json --limit 7'))).toEqual([]);
  }, 600_000);
});
