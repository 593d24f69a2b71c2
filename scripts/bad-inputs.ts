// Runs every bad or unusual input of docs/cli.md's table through the real
// CLI and prints the table (exit status and the first line of stderr), so
// the documented answers are measured, not written by hand:
//   npx tsx scripts/bad-inputs.ts > /tmp/table.md
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'neurotile.mjs');
const T = mkdtempSync(join(tmpdir(), 'neurotile-bad-'));
const file = (name: string, text: string) => (writeFileSync(join(T, name), text), join(T, name));
const rtl = join(T, 'rtl');
mkdirSync(rtl);
writeFileSync(join(rtl, 'm.v'), 'module m; endmodule\n');
symlinkSync(join(T, 'gone.v'), join(rtl, 'dangling.v'));
const userDir = join(T, 'mine');
mkdirSync(userDir);
writeFileSync(join(userDir, 'manifest.json'), '{"name": "my project"}');
writeFileSync(join(userDir, 'notes.txt'), 'mine');

type Case = [shown: string, args: string[], env?: NodeJS.ProcessEnv, stdout?: string];
const cases: Case[] = [
  ['`frobnicate`', ['frobnicate']],
  ['`help frobnicate`', ['help', 'frobnicate']],
  ['`--json gen --target fof`', ['--json', 'gen', '--target', 'fof', '--out', join(T, 'o1')]],
  ['`gen --frobnicate --json`', ['gen', '--frobnicate', '--json']],
  ['`gen fifo` (stray argument)', ['gen', 'fifo']],
  ['`gen --target`', ['gen', '--target']],
  ['`gen --target FIFO`', ['gen', '--target', 'FIFO']],
  ['`gen --out --json`', ['gen', '--out', '--json']],
  ['`gen --out ""`', ['gen', '--out', '']],
  ['`gen --out /proc/x/y`', ['gen', '--out', '/proc/x/y']],
  ['`gen --out /sys/x`', ['gen', '--out', '/sys/x']],
  ['`gen --out <300-character name>`', ['gen', '--out', join(T, 'a'.repeat(300))]],
  ['`gen --out <dir with a foreign manifest.json>`', ['gen', '--out', userDir]],
  ['`gen --out <a file>`', ['gen', '--out', file('plain.txt', 'x')]],
  ['`gen --config /nonexistent.json`', ['gen', '--config', '/nonexistent.json']],
  ['`gen --config /dev/zero`', ['gen', '--config', '/dev/zero']],
  ['`gen --config <not JSON>`', ['gen', '--config', file('bad.json', '{width: 8')]],
  ['`gen --target fifo --config <unknown key>`', ['gen', '--target', 'fifo', '--config', file('key.json', '{"colour": 1}')]],
  ['`gen --config <"depth": "16">`', ['gen', '--config', file('type.json', '{"depth": "16"}')]],
  ['`gen --config <"depth": 3000000>`', ['gen', '--config', file('big.json', '{"depth": 3000000}')]],
  ['`lint --timeout 2147484`', ['lint', '--timeout', '2147484']],
  ['`lint --timeout 0`', ['lint', '--timeout', '0']],
  ['`lint --rtl /nonexistent`', ['lint', '--rtl', '/nonexistent']],
  ['`lint --rtl <dir with a dangling .v symlink>`', ['lint', '--rtl', rtl, '--top', 'm']],
  ['`lint --rtl <dir> --top <5000 characters>`', ['lint', '--rtl', rtl, '--top', 'a('.repeat(2500)]],
  ['`lint --rtl <dir> --top nope`', ['lint', '--rtl', join(T, 'rtl2'), '--top', 'nope']],
  ['`lint --rtl <dir> --target fifo`', ['lint', '--rtl', rtl, '--target', 'fifo']],
  ['`synth --arch asic`', ['synth', '--arch', 'asic']],
  ['`synth --device lp1k`', ['synth', '--device', 'lp1k']],
  ['`synth --timeout 1e9`', ['synth', '--timeout', '1e9']],
  ['`cosim --runs 1e12`', ['cosim', '--runs', '1e12']],
  ['`cosim --runs 0`', ['cosim', '--runs', '0']],
  ['`cosim --seed -1`', ['cosim', '--seed', '-1']],
  ['`cosim --sim modelsim`', ['cosim', '--sim', 'modelsim']],
  ['`cosim --target fof`', ['cosim', '--target', 'fof']],
  ['`cosim --replay x` (no --target)', ['cosim', '--replay', 'x']],
  ['`cosim --target fifo --replay ""`', ['cosim', '--target', 'fifo', '--replay', '']],
  ['`cosim --target fifo --sim dsl --seed 1 --replay 9999999999999999999999`', ['cosim', '--target', 'fifo', '--sim', 'dsl', '--seed', '1', '--replay', '9999999999999999999999']],
  ['`cosim --target fifo --sim dsl --seed 1 --replay 1000`', ['cosim', '--target', 'fifo', '--sim', 'dsl', '--seed', '1', '--replay', '1000']],
  ['`cosim --target fifo --sim dsl --replay 1:2:3`', ['cosim', '--target', 'fifo', '--sim', 'dsl', '--replay', '1:2:3']],
  ['`cosim --target fifo --replay arbiter/1/200/3@`', ['cosim', '--target', 'fifo', '--sim', 'dsl', '--replay', 'arbiter/1/200/3@']],
  ['`cosim --target fifo --seed 2 --replay fifo/1/200/3@`', ['cosim', '--target', 'fifo', '--sim', 'dsl', '--seed', '2', '--replay', 'fifo/1/200/3@']],
  ['`cosim --target fifo --runs 5 --replay fifo/1/200/3@`', ['cosim', '--target', 'fifo', '--sim', 'dsl', '--runs', '5', '--replay', 'fifo/1/200/3@']],
  ['`cosim --target fifo --replay fifo/1/200/1000@`', ['cosim', '--target', 'fifo', '--sim', 'dsl', '--replay', 'fifo/1/200/1000@']],
  ['`cosim --target fifo --sim dsl --rtl <dir>`', ['cosim', '--target', 'fifo', '--sim', 'dsl', '--rtl', rtl]],
  ['`cosim --target fifo --config <"depth": 3000000>`', ['cosim', '--target', 'fifo', '--sim', 'dsl', '--config', join(T, 'big.json')]],
  ['`cosim --target fifo` with no verilator on PATH', ['cosim', '--target', 'fifo', '--runs', '1', '--seed', '1', '-q'], { PATH: '/nonexistent' }],
  ['`device --n 1e12`', ['device', '--n', '1e12']],
  ['`device --n 0`', ['device', '--n', '0']],
  ['`device --g-us abc`', ['device', '--g-us', 'abc']],
  ['`device --g-us 100`', ['device', '--g-us', '100']],
  ['`device --t-s -5`', ['device', '--t-s', '-5']],
  ['`device --json > /dev/full`', ['device', '--json', '--n', '10'], undefined, '/dev/full'],
  ['`sample --p 1`', ['sample', '--p', '1']],
  ['`sample --n 1e9`', ['sample', '--n', '1000000000']],
  ['`sample --lanes 33`', ['sample', '--lanes', '33']],
  ['`sc --op pow`', ['sc', '--op', 'pow']],
  ['`sc --op tanh --b 0.5`', ['sc', '--op', 'tanh', '--b', '0.5']],
  ['`sc --n 65536`', ['sc', '--n', '65536']],
  ['`train --hidden 256`', ['train', '--hidden', '256']],
  ['`train --dataset-dir /nonexistent`', ['train', '--dataset-dir', '/nonexistent', '--train-limit', '100']],
];
mkdirSync(join(T, 'rtl2'));
writeFileSync(join(T, 'rtl2', 'm.v'), 'module m; endmodule\n');

console.log('| input | exit | stderr (first line) |');
console.log('|---|---|---|');
for (const [shown, args, env, stdout] of cases) {
  const fd = stdout ? openSync(stdout, 'w') : undefined;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: T,
    encoding: 'utf8',
    env: { ...process.env, ...env, NEUROTILE_DEBUG: '' },
    timeout: 300_000,
    stdio: ['ignore', fd ?? 'pipe', 'pipe'],
  });
  if (fd !== undefined) closeSync(fd);
  const line = (r.stderr ?? '').split('\n')[0]!.replace(T, '$TMP').replace(/\|/g, '\\|');
  const shortLine = line.length > 160 ? `${line.slice(0, 157)}...` : line;
  console.log(`| ${shown} | ${r.status ?? r.signal} | ${shortLine.replace(/`/g, "'")} |`);
}
rmSync(T, { recursive: true, force: true });
