// `neurotile sweep` through the CLI without Slurm: the built-in spec runs
// with no arguments; bad input is one line and exit 2; a folder that is not
// a sweep's is never written into; a local --resume runs nothing twice.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, lines, onlyJson, removeTempDirs, tempDir } from '../cli/test-support.ts';

afterAll(removeTempDirs);

describe('neurotile sweep (local)', () => {
  it('runs the built-in spec with no arguments; --resume reruns nothing', () => {
    const r = cli(['sweep', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = onlyJson(r.stdout) as any;
    expect(j).toMatchObject({ name: 'reference', engine: 'local', points: 4, shards: 2, complete: true, counts: { points: 4, ok: 4, failed: 0, missing: 0 } });
    const csv = readFileSync(j.files.csv, 'utf8').split('\n');
    expect(csv[0]).toBe('id,kind,status,runs,seed,sim,target,cycles,passed,paretoEnergy,paretoEnergyLatency,error');
    expect(csv).toHaveLength(6); // header, 4 rows, final newline
    const mtime = statSync(join(j.out, 'points', `${(JSON.parse(readFileSync(j.files.json, 'utf8')).rows[0] as { id: string }).id}.json`)).mtimeMs;
    const again = cli(['sweep', '--resume', '--json']);
    expect(again.code, again.stderr).toBe(0);
    const a = onlyJson(again.stdout) as any;
    expect(a).toMatchObject({ alreadyDone: 4, shardsRun: [] });
    expect(readFileSync(a.files.csv, 'utf8')).toBe(csv.join('\n'));
    expect(statSync(join(a.out, 'points', `${(JSON.parse(readFileSync(a.files.json, 'utf8')).rows[0] as { id: string }).id}.json`)).mtimeMs).toBe(mtime);
  }, 600_000);

  it('bad input: one line on stderr, exit 2', () => {
    const dir = tempDir('neurotile-sweep-');
    const spec = join(dir, 'spec.json');
    const bad = (args: string[], message: RegExp) => {
      const r = cli(['sweep', ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    };
    writeFileSync(spec, JSON.stringify({ grid: { 'chip.adcBits': [8, null] } }));
    bad(['--spec', spec], /^neurotile: .*spec\.json: grid\.chip\.adcBits\[1\]: /);
    writeFileSync(spec, '{ not json');
    bad(['--spec', spec], /spec\.json: not JSON/);
    bad(['--spec', join(dir, 'missing.json')], /cannot read the spec '.*missing\.json': ENOENT/);
    writeFileSync(spec, JSON.stringify({ points: [{ kind: 'cosim', target: 'fifo', sim: 'dsl', runs: 5 }] }));
    bad(['--spec', spec, '--engine', 'cloud'], /unknown engine 'cloud' \(known: local, slurm\)/);
    bad(['--spec', spec, '--wait'], /--wait follows Slurm jobs/);
    bad(['--spec', spec, '--workers', '0'], /--workers must be a whole number >= 1/);
    const notSweep = join(dir, 'thesis');
    mkdirSync(notSweep);
    writeFileSync(join(notSweep, 'chapter1.tex'), 'precious');
    bad(['--spec', spec, '--out', notSweep], /is not a sweep folder/);
    expect(readFileSync(join(notSweep, 'chapter1.tex'), 'utf8')).toBe('precious');
    bad(['--spec', spec, '--out', join(dir, 'nothing-yet'), '--resume'], /--resume: .* does not exist/);
    const j = onlyJson(cli(['sweep', '--spec', spec, '--engine', 'cloud', '--json']).stdout) as any;
    expect(j.error.exitCode).toBe(2);
  }, 300_000);

  it('a point with an invalid parameter fails alone, with the command\'s error', () => {
    const dir = tempDir('neurotile-sweep-');
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ base: { kind: 'cosim', target: 'fifo', sim: 'dsl', runs: 5 }, points: [{ seed: 1 }, { config: { depth: 3000000 } }, { seed: 2 }], shardSize: 3 }));
    const r = cli(['sweep', '--spec', spec, '--out', join(dir, 'out'), '--json']);
    expect(r.code, r.stderr).toBe(1);
    const j = onlyJson(r.stdout) as any;
    expect(j.counts).toEqual({ points: 3, ok: 2, failed: 1, missing: 0 });
    expect(j.pointErrors).toHaveLength(1);
    // The generator's own check, as `neurotile cosim --config` reports it.
    expect(j.pointErrors[0].error).toMatch(/Fifo: depth must be a whole number from 1 to 1048576, got 3000000/);
    expect(j.failedShards).toEqual([expect.objectContaining({ shard: 0, exitCode: 1 })]);
    expect(readFileSync(j.failedShards[0].log, 'utf8')).toMatch(/p0001-[0-9a-f]{8} FAILED: /);
  }, 300_000);
});
