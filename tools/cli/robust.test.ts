// Issue 12 through the real CLI: a check that fails is exit 1 and a missing
// tool or a broken input is exit 2, each in one line (never exit 3 with a
// multi-kilobyte message or a stack trace); runs from another folder keep
// build/ in the project. Needs Verilator (fails loudly when it is missing).
import { afterAll, describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, lines, onlyJson, removeTempDirs, tempDir } from './test-support.ts';

afterAll(removeTempDirs);

/** The generated FIFO's Verilog in a folder of its own, edited by `edit`. */
function fifoRtl(edit: (text: string) => string): string {
  const dir = join(tempDir(), 'rtl');
  const r = cli(['gen', '--target', 'fifo', '--out', dir, '-q']);
  expect(r.code, r.stderr).toBe(0);
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.v'))) writeFileSync(join(dir, f), edit(readFileSync(join(dir, f), 'utf8')));
  return dir;
}

function expectOneLine(r: { stderr: string }, pattern: RegExp): void {
  expect(lines(r.stderr), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.length).toBeLessThan(700);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('cosim --rtl that does not build', { timeout: 900_000 }, () => {
  test('a syntax error: exit 1, the line that is wrong, the log in a file', () => {
    const rtl = fifoRtl((t) => t.replace('endmodule', 'this is not verilog;\nendmodule'));
    const r = cli(['cosim', '--target', 'fifo', '--sim', 'verilator', '--runs', '2', '--seed', '1', '--rtl', rtl, '-q']);
    expect(r.code, r.stderr).toBe(1);
    expectOneLine(r, /^neurotile: verilator build of Fifo_width8_depth16 failed \(status \d+\): %Error: .*Fifo_width8_depth16\.v:\d+.* \(log: .*\.log\)$/m);
    const log = /\(log: (.*\.log)\)/.exec(r.stderr)![1]!;
    expect(readFileSync(log, 'utf8')).toMatch(/syntax error/);
  });

  test('a port that does not match: exit 1 naming the port', () => {
    const rtl = fifoRtl((t) => t.replaceAll('deq_valid', 'deq_vld'));
    const r = cli(['cosim', '--target', 'fifo', '--sim', 'verilator', '--runs', '2', '--seed', '1', '--rtl', rtl, '-q']);
    expect(r.code, r.stderr).toBe(1);
    expectOneLine(r, /has no port 'deq_valid' that the target's interface needs \(log: /);
  });

  test('the same on Icarus', () => {
    const rtl = fifoRtl((t) => t.replaceAll('deq_valid', 'deq_vld'));
    const r = cli(['cosim', '--target', 'fifo', '--sim', 'icarus', '--runs', '2', '--seed', '1', '--rtl', rtl, '-q']);
    expect(r.code, r.stderr).toBe(1);
    expectOneLine(r, /iverilog build of Fifo_width8_depth16 failed .*deq_valid.*\(log: /);
  });
});

describe('inputs that used to give exit 3', () => {
  test('a dangling *.v symlink in an --rtl folder: exit 2 naming it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.v'), 'module m; endmodule\n');
    symlinkSync(join(dir, 'gone.v'), join(dir, 'link.v'));
    const r = cli(['lint', '--rtl', dir, '--top', 'm']);
    expect(r.code).toBe(2);
    expectOneLine(r, /--rtl: '.*link\.v' is a symlink to nothing \(dangling\)/);
  });

  test('a missing simulator: exit 2, what to install', () => {
    const r = cli(['cosim', '--target', 'fifo', '--sim', 'verilator', '--runs', '1', '--seed', '1', '-q'], { env: { PATH: '/nonexistent' } });
    expect(r.code, r.stderr).toBe(2);
    expectOneLine(r, /^neurotile: verilator not found: apt-get install verilator/);
  });

  test('device --json > /dev/full: exit 2, one line, no stack trace', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = cli(['device', '--json', '--n', '10'], { stdout: full });
      expect(r.code).toBe(2);
      expectOneLine(r, /^neurotile: cannot write to stdout: ENOSPC/);
    } finally {
      closeSync(full);
    }
  });
});

describe('synth --arch ice40 of a design that does not fit', { timeout: 900_000 }, () => {
  test('exit 1, one line saying why', () => {
    // 64-bit enq and deq data: 130 pins and more, the up5k's sg48 package has 39 I/O.
    const config = join(tempDir(), 'wide.json');
    writeFileSync(config, JSON.stringify({ width: 64, depth: 4 }));
    const r = cli(['synth', '--target', 'fifo', '--config', config, '--arch', 'ice40', '--device', 'up5k', '-q']);
    expect(r.code, r.stderr).toBe(1);
    expectOneLine(r, /^neurotile: Fifo_width64_depth4 does not fit the iCE40 up5k: it has more I\/O pins than the package/);
  });
});

describe('file names that look like options, paths with spaces', { timeout: 900_000 }, () => {
  test('lint --rtl of a folder with a space holding --version.v checks that file with all three tools', () => {
    const dir = join(tempDir(), 'with space');
    mkdirSync(dir);
    writeFileSync(join(dir, '--version.v'), 'module m(input wire a, output wire y);\n  assign y = a;\nendmodule\n');
    const r = cli(['lint', '--rtl', dir, '--top', 'm', '--json', '-q']);
    const json = onlyJson(r.stdout) as { passed: boolean; files: string[]; tools: { tool: string; ok: boolean; messages: string[] }[] };
    expect(json.files).toEqual(['--version.v']);
    // Icarus and Yosys compile the file; Verilator reads it too, and its one warning is that
    // the file name differs from the module name (which no module name can match here).
    expect(json.tools.map((t) => [t.tool, t.ok])).toEqual([['verilator', false], ['iverilog', true], ['yosys', true]]);
    expect(json.tools[0]!.messages).toEqual([expect.stringMatching(/^%Warning-DECLFILENAME: .*--version\.v:1:8: Filename '--version' does not match MODULE name: 'm'/)]);
    expect(r.code).toBe(1);
  });
});

describe('runs from another folder', () => {
  test('write build/ into the project, not into the current folder', () => {
    const cwd = tempDir();
    const r = cli(['cosim', '--target', 'fifo', '--sim', 'dsl', '--runs', '2', '--seed', '1', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(onlyJson(r.stdout).passed).toBe(true);
    const g = cli(['gen', '--target', 'counter', '-q'], { cwd });
    expect(g.code, g.stderr).toBe(0);
    expect(existsSync(join(cwd, 'build'))).toBe(false);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
