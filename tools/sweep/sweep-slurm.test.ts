// `neurotile sweep` end to end on a real single-node Slurm
// (scripts/local-slurm.sh: slurmctld, slurmd, munged from Debian's packages,
// started before and stopped after these tests) and on the local engine:
// - cosim regressions sharded by seed: both engines, the merge job writes the
//   tables, every point equals a direct `neurotile cosim` run;
// - 12 chip configurations (ADC bits 6-8 x ADC share 4, 8 x T 8, 16) on 100 test images plus
//   one point with an invalid ADC share; one task killed with scancel while
//   it runs; both failures named with their logs, the other tasks complete;
//   --resume submits only the two shards without results and leaves the
//   finished points' files untouched; the tables of the Slurm run and of the
//   local run are byte for byte the same.
// Sizes: T = 8 and 16, S = 1, 100 images, 1 worker per point: about 5-30 s
// per point on the shared 2-core machine. 100 images (not 200) because what is
// proven here is the sweep's bookkeeping (failures named, --resume, identical
// tables, a point equal to a direct run), which does not depend on the count;
// a point still runs long enough (two per task) for scancel to catch it running.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli, onlyJson, removeTempDirs, tempDir } from '../cli/test-support.ts';

const SLURM_SCRIPT = join(ROOT, 'scripts', 'local-slurm.sh');
const SLURM_CONF = join(ROOT, 'build', 'slurm', 'slurm.conf');
const children = new Set<ChildProcess>();

beforeAll(() => {
  const r = spawnSync('bash', [SLURM_SCRIPT, 'start'], { encoding: 'utf8', timeout: 120_000 });
  // No Slurm here is a failure, never a skip: scripts/setup.sh installs it.
  if (r.status !== 0) throw new Error(`the local Slurm did not start (scripts/local-slurm.sh start): ${r.stderr}`);
  process.env.SLURM_CONF = SLURM_CONF;
}, 180_000);

afterAll(() => {
  for (const c of children) if (c.pid) process.kill(-c.pid, 'SIGKILL');
  spawnSync('bash', [SLURM_SCRIPT, 'stop'], { encoding: 'utf8', timeout: 120_000 });
  removeTempDirs();
}, 180_000);

/** The CLI in the background (its own process group, killed in afterAll if still running); `stderr()` so far. */
function cliBackground(args: string[]): { done: Promise<{ code: number | null; stdout: string; stderr: string }>; stderr: () => string; running: () => boolean } {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'neurotile.mjs'), ...args], { cwd: ROOT, env: process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => (children.delete(child), resolve({ code, stdout, stderr }))));
  return { done, stderr: () => stderr, running: () => children.has(child) };
}

const cliAsync = (args: string[]) => cliBackground(args).done;

function slurmCmd(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: process.env, timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tableFiles = ['table.csv', 'table.json', 'pareto.csv'];
const IMAGES = 100;

function writeSpec(dir: string, spec: unknown): string {
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

describe('cosim regressions, sharded by seed', () => {
  it('run the same on local cores and as a Slurm array; the merge job writes the tables', async () => {
    const dir = tempDir('neurotile-sweep-');
    const spec = writeSpec(dir, { name: 'fifo-seeds', base: { kind: 'cosim', target: 'fifo', sim: 'dsl', runs: 20 }, grid: { seed: [11, 12, 13, 14, 15, 16] }, shardSize: 3, slurm: { extraArgs: ['--hold'] } });
    const local = cli(['sweep', '--spec', spec, '--out', join(dir, 'local'), '--json']);
    expect(local.code, local.stderr).toBe(0);
    // Submit held (an sbatch option of the spec) and return; a second run into the folder is
    // refused while the jobs are queued; --resume --wait follows them; then they are released.
    const submitted = cli(['sweep', '--spec', spec, '--out', join(dir, 'slurm'), '--engine', 'slurm', '--json']);
    expect(submitted.code, submitted.stderr).toBe(0);
    const sub = (onlyJson(submitted.stdout) as any).submission;
    expect(sub.tasks).toEqual([0, 1]);
    expect(slurmCmd('squeue', ['-h', '-r', '-j', sub.arrayJob, '-o', '%K|%T|%r']).trim().split('\n').sort()).toEqual(['0|PENDING|JobHeldUser', '1|PENDING|JobHeldUser']);
    const again = cli(['sweep', '--spec', spec, '--out', join(dir, 'slurm'), '--engine', 'slurm', '--json']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/still has Slurm jobs queued or running/);
    const follow = cliBackground(['sweep', '--spec', spec, '--out', join(dir, 'slurm'), '--engine', 'slurm', '--resume', '--wait', '--poll', '1', '--json']);
    while (!follow.stderr().includes('following the jobs submitted earlier')) {
      expect(follow.running(), follow.stderr()).toBe(true);
      await sleep(250);
    }
    slurmCmd('scontrol', ['release', sub.arrayJob]);
    const slurm = await follow.done;
    expect(slurm.code, slurm.stderr).toBe(0);
    const j = onlyJson(slurm.stdout) as any;
    expect(j.followed).toBe(true);
    expect(j.submission.arrayJob).toBe(sub.arrayJob);
    expect(j.failedTasks).toEqual([]);
    expect(j.merge.state).toBe('COMPLETED');
    expect(readFileSync(j.merge.log, 'utf8')).toMatch(/tables: /);
    for (const f of tableFiles) expect(readFileSync(join(dir, 'slurm', f), 'utf8')).toBe(readFileSync(join(dir, 'local', f), 'utf8'));
    // Every point is what `neurotile cosim` itself says for that seed.
    const rows = JSON.parse(readFileSync(join(dir, 'slurm', 'table.json'), 'utf8')).rows as any[];
    expect(rows.map((r) => r.params.seed)).toEqual([11, 12, 13, 14, 15, 16]);
    for (const row of [rows[0], rows[5]]) {
      const direct = onlyJson(cli(['cosim', '--target', 'fifo', '--sim', 'dsl', '--runs', '20', '--seed', String(row.params.seed), '--json']).stdout) as any;
      expect(row.metrics).toEqual({ passed: true, cycles: direct.cycles });
    }
  }, 900_000);
});

describe('a chip-configuration sweep on 100 images', () => {
  const spec = {
    name: 'adc-share-t',
    images: { count: IMAGES, seed: 1 },
    base: { kind: 'emulate', samples: 1, tS: 3600 },
    grid: { 'chip.adcBits': [6, 7, 8], 'chip.adcShare': [4, 8], timesteps: [8, 16] },
    // The ADC share must be a power of two dividing the columns: this point fails in its task.
    points: [{ chip: { adcShare: 3 }, timesteps: 8 }],
    shardSize: 2,
    slurm: { time: '00:30:00', cpusPerTask: 1, mem: '2G' },
  };
  let dir = '';
  let specFile = '';

  it('on Slurm: a failing point and a scancel-ed task are named with their logs, the others complete; --resume finishes', async () => {
    dir = tempDir('neurotile-sweep-');
    specFile = writeSpec(dir, spec);
    const out = join(dir, 'slurm');
    const bg = cliBackground(['sweep', '--spec', specFile, '--out', out, '--engine', 'slurm', '--wait', '--poll', '1', '--json']);
    const run = bg.done;
    // Kill task 1 once it runs (it holds points 2 and 3).
    const submissionFile = join(out, 'slurm', 'submission.json');
    while (!existsSync(submissionFile)) {
      expect(bg.running(), bg.stderr()).toBe(true);
      await sleep(250);
    }
    const sub = JSON.parse(readFileSync(submissionFile, 'utf8'));
    expect(sub.tasks).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (;;) {
      const q = slurmCmd('squeue', ['-h', '-r', '-j', sub.arrayJob, '-o', '%K|%T']);
      if (q.split('\n').includes('1|RUNNING')) break;
      expect(bg.running(), bg.stderr()).toBe(true);
      await sleep(250);
    }
    slurmCmd('scancel', [`${sub.arrayJob}_1`]);
    const first = await run;
    expect(first.code, first.stderr).toBe(1);
    const j = onlyJson(first.stdout) as any;
    const byTask = Object.fromEntries(j.failedTasks.map((t: any) => [t.task, t]));
    expect(Object.keys(byTask).sort()).toEqual(['1', '6']);
    expect(byTask[1].state).toBe('CANCELLED');
    const ids = (JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')).points as { id: string }[]).map((p) => p.id);
    expect(byTask[1].missing).toContain(ids[3]);
    expect(existsSync(byTask[1].log)).toBe(true);
    expect(byTask[6].state).toBe('FAILED');
    expect(readFileSync(byTask[6].log, 'utf8')).toMatch(/adcShare/);
    expect(j.pointErrors).toHaveLength(1);
    expect(j.pointErrors[0]).toMatchObject({ shard: 6 });
    expect(j.pointErrors[0].error).toMatch(/adcShare/);
    expect(j.merge.state).not.toBe('COMPLETED');
    // The other five tasks completed: their ten points have results.
    expect(j.counts.ok).toBeGreaterThanOrEqual(10);
    expect(first.stderr).toMatch(new RegExp(`task ${sub.arrayJob}_1 CANCELLED .*log ${byTask[1].log}`));

    // --resume: only shards 1 and 6 go back to Slurm; finished points are not touched.
    const pointsDir = join(out, 'points');
    const done = readdirSync(pointsDir).filter((f) => JSON.parse(readFileSync(join(pointsDir, f), 'utf8')).status === 'ok');
    const before = Object.fromEntries(done.map((f) => [f, { mtime: statSync(join(pointsDir, f)).mtimeMs, text: readFileSync(join(pointsDir, f), 'utf8') }]));
    const resumed = await cliAsync(['sweep', '--spec', specFile, '--out', out, '--engine', 'slurm', '--resume', '--wait', '--poll', '1', '--json']);
    expect(resumed.code, resumed.stderr).toBe(1); // the invalid point fails again
    const r = onlyJson(resumed.stdout) as any;
    expect(r.submission.tasks).toEqual([1, 6]);
    expect(r.alreadyDone).toBe(done.length);
    expect(r.counts).toEqual({ points: 13, ok: 12, failed: 1, missing: 0 });
    expect(r.failedTasks.map((t: any) => [t.task, t.state])).toEqual([[6, 'FAILED']]);
    for (const [f, b] of Object.entries(before)) {
      expect(statSync(join(pointsDir, f)).mtimeMs).toBe(b.mtime);
      expect(readFileSync(join(pointsDir, f), 'utf8')).toBe(b.text);
    }
    console.log(`slurm: first pass ${j.seconds.toFixed(1)} s, resume ${r.seconds.toFixed(1)} s`);
  }, 1_800_000);

  it('the local engine gives byte-identical tables, and its points are what emulate says', () => {
    expect(dir, 'runs after the Slurm test').not.toBe('');
    const out = join(dir, 'local');
    const local = cli(['sweep', '--spec', specFile, '--out', out, '--json']);
    expect(local.code, local.stderr).toBe(1);
    const j = onlyJson(local.stdout) as any;
    expect(j.counts).toEqual({ points: 13, ok: 12, failed: 1, missing: 0 });
    console.log(`local: ${j.seconds.toFixed(1)} s`);
    for (const f of tableFiles) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(dir, 'slurm', f), 'utf8'));
    const table = JSON.parse(readFileSync(join(out, 'table.json'), 'utf8'));
    expect(table.pareto.accuracyVsEnergy.length).toBeGreaterThan(0);
    console.log(readFileSync(join(out, 'pareto.csv'), 'utf8'));
    // One point against a direct run of the emulator with the same options.
    const row = table.rows[7];
    const config = join(dir, 'chip.json');
    writeFileSync(config, JSON.stringify({ adcBits: row.params['chip.adcBits'], adcShare: row.params['chip.adcShare'] }));
    const direct = onlyJson(cli(['emulate', '--config', config, '--limit', String(IMAGES), '--seed', '1', '--timesteps', String(row.params.timesteps), '--samples', '1', '--t-s', '3600', '--workers', '1', '--json']).stdout) as any;
    expect(row.metrics.accuracy).toBe(direct.metrics.accuracy);
    expect(row.metrics.energyPj).toBe(direct.energy.perInferencePj);
    expect(row.metrics.latencyUs).toBe(direct.perInference.latencyUs);
  }, 1_800_000);
});
