// The VCD dump: header, hierarchy, and values read back with a small parser.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSim } from './compile.ts';
import { vcdIdCode } from './vcd.ts';
import { U, clockPort, counterModule, design, input, irModule, output, ref, resetPort } from './ir-fixtures.ts';

interface ParsedVcd {
  timescale: string;
  /** Hierarchical name ("Top.a.count") -> identifier code. */
  codes: Map<string, string>;
  widths: Map<string, number>;
  /** Identifier code -> [time, value] changes in order. */
  changes: Map<string, [number, bigint][]>;
  times: number[];
}

/** Just enough of IEEE 1364 section 18 to read back what VcdWriter writes. */
function parseVcd(text: string): ParsedVcd {
  const tokens = text.split(/\s+/).filter(Boolean);
  const scopes: string[] = [];
  const out: ParsedVcd = { timescale: '', codes: new Map(), widths: new Map(), changes: new Map(), times: [] };
  let time = 0;
  const change = (code: string, value: bigint) => {
    const list = out.changes.get(code) ?? [];
    list.push([time, value]);
    out.changes.set(code, list);
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok === '$timescale') out.timescale = tokens[++i];
    else if (tok === '$scope') scopes.push(tokens[(i += 2)]);
    else if (tok === '$upscope') scopes.pop();
    else if (tok === '$var') {
      const [, width, code, name] = tokens.slice(i + 1, i + 5);
      out.codes.set([...scopes, name].join('.'), code);
      out.widths.set([...scopes, name].join('.'), Number(width));
      i += 5;
      while (tokens[i] !== '$end') i++; // an optional [msb:lsb]
    } else if (tok.startsWith('$')) {
      if (tok !== '$dumpvars' && tok !== '$end') while (tokens[i] !== '$end') i++;
    } else if (tok.startsWith('#')) {
      time = Number(tok.slice(1));
      out.times.push(time);
    } else if (tok.startsWith('b')) change(tokens[++i], BigInt(`0b${tok.slice(1)}`));
    else change(tok.slice(1), BigInt(tok[0]));
  }
  return out;
}

/** The value of `name` at `time` (the last change at or before it). */
function valueAt(vcd: ParsedVcd, name: string, time: number): bigint | undefined {
  const code = vcd.codes.get(name);
  if (code === undefined) throw new Error(`no $var ${name}`);
  let value: bigint | undefined;
  for (const [t, v] of vcd.changes.get(code) ?? []) if (t <= time) value = v;
  return value;
}

describe('VCD output', () => {
  it('writes a header with timescale, scope and every port, wire and register', () => {
    const sim = compileSim(design(counterModule('Counter', 8)), { vcd: true });
    sim.step();
    const text = sim.vcdText();
    expect(text).toMatch(/^\$version .* \$end\n\$timescale 1ns \$end\n\$scope module Counter \$end\n/);
    expect(text).toContain('$var wire 1 ! clock $end');
    expect(text).toContain('$var wire 1 " reset $end');
    expect(text).toContain('$var wire 8 $ count [7:0] $end');
    expect(text).toContain('$var reg 8 % value [7:0] $end');
    expect(text).toContain('$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n');
  });

  it('records one clock cycle per 10 time units, rising at +5, with registers changing at the edge', () => {
    const sim = compileSim(design(counterModule('Counter', 8)), { vcd: true });
    sim.reset();
    sim.poke('en', 1);
    sim.step(3);
    sim.poke('en', 0);
    sim.step(2);
    sim.close();
    const vcd = parseVcd(sim.vcdText());
    expect(vcd.timescale).toBe('1ns');
    expect(vcd.times).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
    for (let c = 0; c < 6; c++) {
      expect(valueAt(vcd, 'Counter.clock', 10 * c)).toBe(0n);
      expect(valueAt(vcd, 'Counter.clock', 10 * c + 5)).toBe(1n);
    }
    // reset for cycle 0, then enabled for cycles 1..3.
    expect(valueAt(vcd, 'Counter.reset', 0)).toBe(1n);
    expect(valueAt(vcd, 'Counter.reset', 10)).toBe(0n);
    expect([0, 5, 15, 25, 35, 45, 55].map((t) => valueAt(vcd, 'Counter.count', t))).toEqual([0n, 0n, 1n, 2n, 3n, 3n, 3n]);
    expect(valueAt(vcd, 'Counter.en', 40)).toBe(0n);
  });

  it('writes only values that changed', () => {
    const sim = compileSim(design(counterModule('Counter', 8)), { vcd: true });
    sim.step(3); // nothing but the clock moves
    const vcd = parseVcd(sim.vcdText());
    const counts = [...vcd.changes].map(([code, list]) => [code, list.length]);
    expect(Object.fromEntries(counts)).toEqual({ '!': 6, '"': 1, '#': 1, $: 1, '%': 1 });
  });

  it('nests a $scope per instance; instance clocks share the top clock identifier', () => {
    const inner = counterModule('Inner', 4);
    const top = irModule('Top', {
      ports: [clockPort, resetPort, input('go', U(1)), output('a_count', U(4))],
      instances: [
        { name: 'a', module: 'Inner', inputs: { en: ref('go', U(1)) }, loc: 'test' },
        { name: 'b', module: 'Inner', inputs: { en: ref('go', U(1)) }, loc: 'test' },
      ],
      assigns: [{ target: 'a_count', expr: ref('a.count', U(4)), loc: 'test' }],
    });
    const sim = compileSim(design(inner, top), { vcd: true });
    sim.poke('go', 1);
    sim.step(2);
    sim.close();
    const text = sim.vcdText();
    expect(text).toMatch(/\$scope module Top \$end[^]*\$scope module a \$end[^]*\$upscope \$end\n\$scope module b \$end[^]*\$upscope \$end\n\$upscope \$end/);
    const vcd = parseVcd(text);
    expect(vcd.codes.get('Top.a.clock')).toBe(vcd.codes.get('Top.clock'));
    expect(vcd.codes.get('Top.b.reset')).toBe(vcd.codes.get('Top.reset'));
    expect(valueAt(vcd, 'Top.a.value', 25)).toBe(2n);
    expect(valueAt(vcd, 'Top.b.count', 15)).toBe(2n);
    expect(vcd.widths.get('Top.a.count')).toBe(4);
  });

  it('writes the file given as the vcd option when closed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurotile-vcd-'));
    try {
      const path = join(dir, 'nested', 'counter.vcd');
      const inFile = compileSim(design(counterModule()), { vcd: path });
      const inMemory = compileSim(design(counterModule()), { vcd: true });
      for (const sim of [inFile, inMemory]) {
        sim.poke('en', 1);
        sim.step(4);
        sim.close();
      }
      expect(readFileSync(path, 'utf8')).toBe(inMemory.vcdText());
      expect(() => inFile.vcdText()).toThrow(/written to a file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps wide values exact and uses multi-character identifier codes past 94 signals', () => {
    expect([0, 93, 94, 95].map(vcdIdCode)).toEqual(['!', '~', '!"', '""']);
    const sim = compileSim(design(counterModule('Wide', 100)), { vcd: true });
    sim.poke('en', 1);
    sim.step(1);
    sim.close();
    const vcd = parseVcd(sim.vcdText());
    expect(valueAt(vcd, 'Wide.count', 5)).toBe(1n);
    expect(vcd.widths.get('Wide.value')).toBe(100);
  });
});
