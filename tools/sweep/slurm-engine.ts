// The Slurm engine: one sbatch job array (task K = shard K, resources from
// the spec) and a merge job that runs once every task succeeded
// (--dependency=afterok, --kill-on-invalid-dep=yes). --wait follows both with
// squeue until they leave the queue, then asks for every task's final state:
// sacct (a cluster with accounting), else sacct --completion (the job
// completion log, what scripts/local-slurm.sh keeps), else scontrol. A task
// that did not complete is named with its state, exit code, log path and the
// points it left without a result.
//
// Every Slurm command runs with an argument array. The two batch scripts are
// files (sbatch needs them) whose one command line is quoted word by word.
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../cli/cli.ts';
import { runTool, ToolNotFoundError } from '../spawn.ts';
import { isDone, writeAtomic, type Sweep } from './layout.ts';
import { pendingShards } from './local-engine.ts';

export interface Submission {
  arrayJob: string;
  mergeJob: string;
  tasks: number[];
  scripts: { shards: string; merge: string };
  /** Log of task K: logPattern with %a = K. */
  logPattern: string;
  mergeLog: string;
}

export interface TaskOutcome {
  task: number;
  state: string;
  exitCode: string | null;
  log: string;
  /** Points of the shard still without a result. */
  missing: string[];
}

export interface SlurmWait {
  tasks: TaskOutcome[];
  failed: TaskOutcome[];
  merge: { job: string; state: string; log: string };
  seconds: number;
}

async function slurm(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  try {
    const r = await runTool(cmd, args, { timeoutMs: 120_000 });
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    if (err instanceof ToolNotFoundError) throw new UsageError(`${cmd} not found: run on a Slurm login node, or start the local one (scripts/local-slurm.sh start; export SLURM_CONF=...)`);
    throw err;
  }
}

/** One word for bash, single-quoted. */
const shq = (w: string): string => `'${w.replace(/'/g, `'\\''`)}'`;

function directive(flag: string, value: string): string {
  if (/[\s]/.test(value)) throw new UsageError(`sbatch option ${flag}: '${value}' holds white space, which #SBATCH lines cannot carry (use a path without spaces)`);
  return `#SBATCH ${flag}=${value}`;
}

function script(header: string[], argv: string[]): string {
  return ['#!/bin/bash', ...header, '# Written by neurotile sweep. Resubmit by hand: sbatch --array=LIST this-file', 'set -eu', `exec ${argv.map(shq).join(' ')}`, ''].join('\n');
}

function resourceLines(sweep: Sweep, forMerge: boolean): string[] {
  const s = sweep.spec.slurm;
  const lines = [directive('--chdir', process.cwd())];
  if (s.partition) lines.push(directive('--partition', s.partition));
  if (s.account) lines.push(directive('--account', s.account));
  if (s.qos) lines.push(directive('--qos', s.qos));
  if (forMerge) {
    lines.push(directive('--time', '00:15:00'), directive('--cpus-per-task', '1'), directive('--mem', '1G'));
  } else {
    lines.push(directive('--time', s.time), directive('--cpus-per-task', String(s.cpusPerTask)), directive('--mem', s.mem));
    for (const a of s.extraArgs) {
      if (/\s/.test(a)) throw new UsageError(`slurm.extraArgs: '${a}' holds white space (one option per entry, --flag=value)`);
      lines.push(`#SBATCH ${a}`);
    }
  }
  return lines;
}

/** Compact --array list: 0-3,7,9-10 */
export function arrayList(tasks: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < tasks.length; ) {
    let j = i;
    while (j + 1 < tasks.length && tasks[j + 1] === tasks[j]! + 1) j++;
    parts.push(j === i ? String(tasks[i]) : `${tasks[i]}-${tasks[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

const jobIdOf = (parsable: string): string => parsable.trim().split(';')[0]!;

export async function submitSlurm(sweep: Sweep, root: string, progress: (line: string) => void): Promise<Submission | undefined> {
  const tasks = pendingShards(sweep);
  if (!tasks.length) return undefined;
  const dir = join(sweep.out, 'slurm');
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const bin = join(root, 'bin', 'neurotile.mjs');
  const name = `neurotile-${sweep.spec.name}`;
  const logPattern = join(logs, 'shard-%A_%a.log');
  const shards = join(dir, 'shards.sbatch');
  const merge = join(dir, 'merge.sbatch');
  // The task index is the one word bash must expand: it is quoted with "" after the others are single-quoted.
  writeAtomic(
    shards,
    script([directive('--job-name', name), directive('--output', logPattern), ...resourceLines(sweep, false)], [process.execPath, bin, 'sweep', '--spec', sweep.specFile, '--shard', '${SLURM_ARRAY_TASK_ID}', '--out', sweep.out]).replace(
      `'\${SLURM_ARRAY_TASK_ID}'`,
      '"$SLURM_ARRAY_TASK_ID"',
    ),
  );
  writeAtomic(merge, script([directive('--job-name', `${name}-merge`), directive('--output', join(logs, 'merge-%j.log')), ...resourceLines(sweep, true)], [process.execPath, bin, 'sweep', '--spec', sweep.specFile, '--merge', '--out', sweep.out]));
  const max = sweep.spec.slurm.maxParallel;
  const a = await slurm('sbatch', ['--parsable', `--array=${arrayList(tasks)}${max ? `%${max}` : ''}`, shards]);
  if (a.code !== 0) throw new UsageError(`sbatch refused the job array: ${(a.stderr || a.stdout).trim()}`);
  const arrayJob = jobIdOf(a.stdout);
  const m = await slurm('sbatch', ['--parsable', `--dependency=afterok:${arrayJob}`, '--kill-on-invalid-dep=yes', merge]);
  if (m.code !== 0) {
    await slurm('scancel', [arrayJob]);
    throw new UsageError(`sbatch refused the merge job: ${(m.stderr || m.stdout).trim()}`);
  }
  const mergeJob = jobIdOf(m.stdout);
  const submission: Submission = { arrayJob, mergeJob, tasks, scripts: { shards, merge }, logPattern, mergeLog: join(logs, `merge-${mergeJob}.log`) };
  writeAtomic(join(dir, `submission-${arrayJob}.json`), `${JSON.stringify(submission, null, 2)}\n`);
  writeAtomic(join(dir, 'submission.json'), `${JSON.stringify(submission, null, 2)}\n`);
  progress(`sweep ${sweep.spec.name}: job array ${arrayJob} (${tasks.length} task(s): ${arrayList(tasks)}), merge job ${mergeJob} after it`);
  return submission;
}

export const taskLog = (s: Submission, task: number): string => s.logPattern.replace('%A', s.arrayJob).replace('%a', String(task));

interface State {
  state: string;
  exitCode: string | null;
}

/** Final states from sacct (accounting), by array task. Undefined when accounting is off. */
async function fromSacct(s: Submission): Promise<Map<number, State> | undefined> {
  const r = await slurm('sacct', ['-X', '-n', '-P', '-j', s.arrayJob, '-o', 'JobID,State,ExitCode']);
  if (r.code !== 0 || /disabled/i.test(r.stderr + r.stdout)) return undefined;
  const out = new Map<number, State>();
  for (const line of r.stdout.split('\n')) {
    const [id, state, exitCode] = line.split('|');
    const m = id?.match(/^\d+_(\d+)$/);
    if (m && state) out.set(Number(m[1]), { state: state.split(' ')[0]!, exitCode: exitCode ?? null });
  }
  return out.size ? out : undefined;
}

/** Final states from the job completion log (sacct --completion), given the tasks' raw job ids. */
async function fromCompletion(raw: Map<number, string>): Promise<Map<number, State>> {
  const out = new Map<number, State>();
  if (!raw.size) return out;
  const r = await slurm('sacct', ['--completion', '-n', '-P', '-j', [...new Set(raw.values())].join(','), '-o', 'JobIDRaw,State,ExitCode']);
  if (r.code !== 0) return out;
  const byRaw = new Map<string, State>();
  for (const line of r.stdout.split('\n')) {
    const [id, state, exitCode] = line.split('|');
    if (id && state) byRaw.set(id.trim(), { state: state.split(' ')[0]!, exitCode: exitCode ?? null });
  }
  for (const [task, id] of raw) if (byRaw.has(id)) out.set(task, byRaw.get(id)!);
  return out;
}

/** The controller's record (kept MinJobAge seconds after the end). Also maps tasks to raw job ids. */
async function fromScontrol(job: string): Promise<{ states: Map<number, State>; raw: Map<number, string> }> {
  const states = new Map<number, State>();
  const raw = new Map<number, string>();
  const r = await slurm('scontrol', ['-o', 'show', 'job', job]);
  if (r.code !== 0) return { states, raw };
  for (const line of r.stdout.split('\n')) {
    const task = line.match(/\bArrayTaskId=(\d+)\b/)?.[1];
    const state = line.match(/\bJobState=(\S+)/)?.[1];
    const id = line.match(/^JobId=(\d+)/)?.[1];
    if (task === undefined || !state) continue;
    states.set(Number(task), { state, exitCode: line.match(/\bExitCode=(\S+)/)?.[1] ?? null });
    if (id) raw.set(Number(task), id);
  }
  return { states, raw };
}

/** Follows the submission until its jobs leave the queue; then every task's final state. */
export async function waitSlurm(sweep: Sweep, s: Submission, pollSeconds: number, progress: (line: string) => void): Promise<SlurmWait> {
  const start = performance.now();
  const raw = new Map<number, string>();
  let last = '';
  for (;;) {
    let q = await slurm('squeue', ['-h', '-r', '-j', `${s.arrayJob},${s.mergeJob}`, '-o', '%A|%F|%K|%T|%r']);
    // squeue answers "Invalid job id" once every job it was asked about has left the controller;
    // anything else (a busy controller) is retried a few times before giving up.
    for (let retry = 1; q.code !== 0 && !/Invalid job id/i.test(q.stderr) && retry <= 5; retry++) {
      progress(`squeue failed (${q.stderr.trim()}): retry ${retry} of 5`);
      await sleep(Math.max(pollSeconds, 5) * 1000);
      q = await slurm('squeue', ['-h', '-r', '-j', `${s.arrayJob},${s.mergeJob}`, '-o', '%A|%F|%K|%T|%r']);
    }
    if (q.code !== 0 && !/Invalid job id/i.test(q.stderr)) throw new Error(`squeue failed: ${q.stderr.trim()}`);
    const rows = q.code === 0 ? q.stdout.split('\n').filter(Boolean).map((l) => l.split('|')) : [];
    for (const [id, arrayId, task, state] of rows) {
      if (arrayId === s.arrayJob && /^\d+$/.test(task ?? '') && state !== 'PENDING') raw.set(Number(task), id!);
    }
    const tasksLeft = rows.filter((r) => r[1] === s.arrayJob);
    const merge = rows.find((r) => r[0] === s.mergeJob);
    // A merge job that can never run (a task failed) on a cluster that keeps such jobs: cancel it.
    if (!tasksLeft.length && merge && /DependencyNeverSatisfied/.test(merge[4] ?? '')) await slurm('scancel', [s.mergeJob]);
    if (!rows.length) break;
    const running = tasksLeft.filter((r) => r[3] === 'RUNNING').length;
    const line = `sweep ${sweep.spec.name}: ${tasksLeft.length} task(s) queued (${running} running), merge job ${merge ? merge[3] : 'done'}; ${sweep.points.filter((p) => isDone(sweep.out, p.id)).length}/${sweep.points.length} points with a result`;
    if (line !== last) progress(line);
    last = line;
    await sleep(pollSeconds * 1000);
  }
  const ctl = await fromScontrol(s.arrayJob);
  for (const [t, id] of ctl.raw) if (!raw.has(t)) raw.set(t, id);
  const acct = (await fromSacct(s)) ?? (await fromCompletion(raw));
  const tasks: TaskOutcome[] = s.tasks.map((task) => {
    const st = acct.get(task) ?? ctl.states.get(task) ?? { state: 'UNKNOWN', exitCode: null };
    const missing = sweep.shards[task]!.filter((p) => !isDone(sweep.out, p.id)).map((p) => p.id);
    return { task, state: st.state, exitCode: st.exitCode, log: taskLog(s, task), missing };
  });
  const mergeState =
    (await slurm('scontrol', ['-o', 'show', 'job', s.mergeJob])).stdout.match(/\bJobState=(\S+)/)?.[1] ??
    ((await slurm('sacct', ['-X', '-n', '-P', '-j', s.mergeJob, '-o', 'State'])).stdout.trim().split(/\s/)[0] ||
      (await slurm('sacct', ['--completion', '-n', '-P', '-j', s.mergeJob, '-o', 'State'])).stdout.trim().split(/\s/)[0]);
  const merge = { job: s.mergeJob, state: mergeState || 'UNKNOWN', log: s.mergeLog };
  return { tasks, failed: tasks.filter((t) => t.state !== 'COMPLETED' || t.missing.length > 0), merge, seconds: (performance.now() - start) / 1000 };
}

/** Jobs of a submission still in the queue (none when squeue is not here or knows none of them). */
export async function activeJobs(s: Submission): Promise<string[]> {
  try {
    const r = await runTool('squeue', ['-h', '-j', `${s.arrayJob},${s.mergeJob}`, '-o', '%i'], { timeoutMs: 60_000 });
    return r.code === 0 ? r.stdout.split('\n').filter(Boolean) : [];
  } catch {
    return [];
  }
}

/** The last submission in OUT, if any. */
export function lastSubmission(out: string): Submission | undefined {
  const f = join(out, 'slurm', 'submission.json');
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as Submission) : undefined;
}
