// Bad input through the real CLI: exit status 2, exactly one line on stderr
// naming the problem, no stack trace, nothing written.
import { afterAll, describe, expect, test } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, lines, onlyJson, tempDir, removeTempDirs } from './test-support.ts';

afterAll(removeTempDirs);

function config(content: string): string {
  const file = join(tempDir(), 'config.json');
  writeFileSync(file, content);
  return file;
}

const CASES: { name: string; args: () => string[]; message: RegExp }[] = [
  { name: 'unknown target', args: () => ['gen', '--target', 'fof'], message: /unknown target 'fof' \(known: fifo, arbiter, counter, counter-pair/ },
  { name: 'unknown option', args: () => ['gen', '--frobnicate'], message: /unknown option '--frobnicate'/ },
  { name: 'misspelt option (suggestion stays on the line)', args: () => ['gen', '--outt', 'x'], message: /unknown option '--outt' \(Did you mean --out\?\)/ },
  { name: 'option without its value', args: () => ['gen', '--target'], message: /option '--target <block>' argument missing/ },
  { name: 'unknown command', args: () => ['frobnicate'], message: /unknown command 'frobnicate' \(known: gen, lint/ },
  { name: 'stray argument', args: () => ['gen', 'fifo'], message: /too many arguments/ },
  { name: 'missing config file', args: () => ['gen', '--config', '/nonexistent/config.json'], message: /config file '\/nonexistent\/config\.json' not found/ },
  { name: 'config that is not JSON', args: () => ['gen', '--target', 'fifo', '--config', config('{width: 8')], message: /config\.json: not valid JSON/ },
  { name: 'config with an unknown key', args: () => ['gen', '--target', 'fifo', '--config', config('{"width": 8, "colour": 1}')], message: /config\.json: unknown parameter 'colour' for target 'fifo' \(known: width, depth\)/ },
  { name: 'config with a wrong type', args: () => ['gen', '--target', 'fifo', '--config', config('{"depth": "16"}')], message: /config\.json: parameter 'depth': .*expected number/ },
  { name: 'config with a fraction', args: () => ['gen', '--target', 'fifo', '--config', config('{"width": 2.5}')], message: /config\.json: parameter 'width': .*int/i },
  { name: 'config that is not an object', args: () => ['gen', '--target', 'fifo', '--config', config('[8, 16]')], message: /config\.json: .*expected object/ },
  {
    name: 'elaboration error (with the design file:line)',
    args: () => ['gen', '--target', 'counter', '--config', config('{"width": 100000}')],
    message: /gen\/examples\/counter\.ts:\d+: invalid width 100000/,
  },
  { name: 'lint: missing --rtl directory', args: () => ['lint', '--rtl', '/nonexistent/rtl'], message: /--rtl directory '\/nonexistent\/rtl' does not exist/ },
  { name: 'lint: --rtl without manifest or --top', args: () => ['lint', '--rtl', rtlWithoutManifest()], message: /has no manifest\.json: pass --top/ },
  { name: 'device: invalid option value', args: () => ['device', '--n', '0'], message: /--n: must be an integer >= 1/ },
  { name: 'lint: --top not declared in the --rtl files', args: () => ['lint', '--rtl', rtlWithoutManifest(), '--top', 'nope'], message: /top module 'nope' is not declared in the Verilog files of/ },
  { name: 'help for an unknown command', args: () => ['help', 'frobnicate'], message: /unknown command 'frobnicate'/ },
  { name: 'lint: unknown target', args: () => ['lint', '--target', 'fof'], message: /unknown target 'fof'/ },
];

function rtlWithoutManifest(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'm.v'), 'module m; endmodule\n');
  return dir;
}

describe('bad input', () => {
  for (const c of CASES) {
    test(`${c.name}: exit 2, one line on stderr, nothing written`, () => {
      const parent = tempDir();
      const out = join(parent, 'out');
      const args = c.args();
      const r = cli(args[0] === 'gen' ? ['gen', '--out', out, ...args.slice(1)] : args);
      expect(r.code, r.stderr).toBe(2);
      expect(lines(r.stderr), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^neurotile: /);
      expect(r.stderr).toMatch(c.message);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(parent)).toEqual([]);
    });
  }

  test('with --json the error is also the one JSON object on stdout', () => {
    const r = cli(['gen', '--target', 'fof', '--json', '--out', join(tempDir(), 'out')]);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(onlyJson(r.stdout)).toEqual({ error: { exitCode: 2, message: expect.stringMatching(/^unknown target 'fof'/) } });
  });
});

describe('help and version', () => {
  test('--help, no arguments and --version exit 0 on stdout', () => {
    for (const args of [['--help'], [], ['gen', '--help'], ['help', 'lint']]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: neurotile/);
    }
    const v = cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^neurotile \d+\.\d+\.\d+\n$/);
  });

  test('targets --json lists the targets with their defaults', () => {
    const r = cli(['targets', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = onlyJson(r.stdout);
    expect(json.default).toBe('chip');
    expect((json.targets as { name: string }[]).map((t) => t.name)).toEqual(expect.arrayContaining(['fifo', 'arbiter', 'counter', 'counter-pair']));
  });
});
