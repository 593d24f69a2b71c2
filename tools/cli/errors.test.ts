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
  { name: 'device: invalid option value', args: () => ['device', '--n', '0'], message: /--n: must be a whole number from 1 to 10000000, got 0/ },
  // Upper bounds (issue 12): every numeric option has documented limits.
  { name: 'device: --n above its bound', args: () => ['device', '--n', '1e12'], message: /^neurotile: --n: must be a whole number from 1 to 10000000, got 1e12$/m },
  { name: 'cosim: --runs above its bound', args: () => ['cosim', '--runs', '1e12'], message: /^neurotile: --runs: must be a whole number from 1 to 100000, got 1e12$/m },
  { name: 'cosim: unknown simulator', args: () => ['cosim', '--sim', 'modelsim'], message: /--sim: unknown value 'modelsim' \(known: verilator, icarus, dsl\)/ },
  // Node's timers fire after 1 ms beyond 2^31-1 ms: a longer timeout is refused, not shortened.
  { name: 'lint: --timeout beyond the timer limit', args: () => ['lint', '--timeout', '2147484'], message: /--timeout: must be a number above 0 and up to 2147483 s, got 2147484/ },
  { name: 'synth: --timeout 0', args: () => ['synth', '--timeout', '0'], message: /--timeout: must be a number above 0/ },
  // `gen --out --json` used to write into a folder named '--json'.
  { name: 'an option value that is another option', args: () => ['gen', '--out', '--json'], message: /--out: expects a value, got the option-like '--json'/ },
  { name: 'an empty --replay', args: () => ['cosim', '--target', 'fifo', '--replay', ''], message: /--replay: the value is empty/ },
  // Hangs (issue 12): a recursive mkdir on procfs spun forever; /dev/zero was read without end.
  { name: 'gen --out under /proc', args: () => ['gen', '--out', '/proc/x/y'], message: /--out '\/proc\/x\/y' is on the kernel's pseudo file system \/proc/ },
  { name: 'gen --out under /sys', args: () => ['gen', '--out', '/sys/x/y'], message: /pseudo file system \/sys/ },
  { name: 'gen --out with a name too long', args: () => ['gen', '--out', join(tempDir(), 'a'.repeat(300))], message: /the name is too long \(ENAMETOOLONG\)/ },
  { name: 'gen --config /dev/zero', args: () => ['gen', '--config', '/dev/zero'], message: /config file '\/dev\/zero' is larger than 1024 KiB/ },
  { name: 'cosim --config with an elaboration error names the file', args: () => ['cosim', '--target', 'fifo', '--sim', 'dsl', '--config', config('{"depth": 3000000}')], message: /depth must be .*\(parameters from .*config\.json\)/ },
  // Replay tokens are checked against their target, seed and run count.
  { name: 'a replay token that is a huge number', args: () => ['cosim', '--target', 'fifo', '--sim', 'dsl', '--seed', '1', '--replay', '9999999999999999999999'], message: /--replay: '9999999999999999999999' is not a replay token/ },
  { name: 'a replay token of the old form', args: () => ['cosim', '--target', 'fifo', '--sim', 'dsl', '--seed', '1', '--replay', '1000'], message: /--replay: '1000' is not a replay token/ },
  { name: 'a replay token without a target prefix', args: () => ['cosim', '--target', 'fifo', '--sim', 'dsl', '--replay', '1:2:3'], message: /is not a replay token/ },
  { name: 'a replay token from another target', args: () => ['cosim', '--target', 'fifo', '--sim', 'dsl', '--replay', 'arbiter/1/200/3@'], message: /--replay: the token is for target 'arbiter', not 'fifo'/ },
  { name: 'a replay token from another seed', args: () => ['cosim', '--target', 'fifo', '--sim', 'dsl', '--seed', '2', '--replay', 'fifo/1/200/3@'], message: /--replay: the token is for seed 1, not 2/ },
  { name: 'a replay token with another run count', args: () => ['cosim', '--target', 'fifo', '--sim', 'dsl', '--runs', '5', '--replay', 'fifo/1/200/3@'], message: /--replay: the token is for 200 runs, not 5/ },
  { name: 'a replay token whose run is not among its runs', args: () => ['cosim', '--target', 'fifo', '--sim', 'dsl', '--replay', 'fifo/1/200/1000@'], message: /failing run 1000 is not one of its 200 runs/ },
  { name: 'a --top that is not a module name (no RegExp from user text)', args: () => ['lint', '--rtl', '/tmp', '--top', 'a('.repeat(3000)], message: /--top: longer than 1024 characters/ },
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

describe('--json comes from the parsed options', () => {
  test('--json before the command name', () => {
    const r = cli(['--json', 'targets']);
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson(r.stdout).default).toBe('chip');
  });

  test('gen --help --json and help gen --json print the help as one JSON object', () => {
    for (const args of [['gen', '--help', '--json'], ['help', 'gen', '--json']]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      const json = onlyJson(r.stdout);
      expect(json.command).toBe('gen');
      expect(json.help).toMatch(/Usage: neurotile gen/);
    }
  });

  test('--version --json prints the version as one JSON object', () => {
    const r = cli(['--version', '--json']);
    expect(r.code).toBe(0);
    expect(onlyJson(r.stdout)).toEqual({ name: 'neurotile', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });

  test('an error after an unknown option still answers in JSON', () => {
    const r = cli(['gen', '--frobnicate', '--json']);
    expect(r.code).toBe(2);
    expect(onlyJson(r.stdout)).toEqual({ error: { exitCode: 2, message: "unknown option '--frobnicate'" } });
  });

  test('the value of an option is not the --json flag', () => {
    // --out takes '--json' as its value (refused as option-like), so no JSON on stdout.
    const r = cli(['gen', '--out', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
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
