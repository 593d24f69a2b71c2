// `neurotile device [--g-us G] [--t-s T] [--n N] [--seed S] [--json]`:
// validates the options and formats deviceStats for humans and for --json.
// The CLI wiring (tools/) prints `text` or JSON.stringify(`json`) and maps
// BadInput to exit code 2.

import { PCM_DEFAULTS } from '../emulator/device/pcm.ts';
import { DEVICE_STATS_DEFAULTS, deviceStats, type DeviceStats } from '../emulator/device/stats.ts';

/** Bad user input: the message is one line, meant for stderr without a stack trace. */
export class BadInput extends Error {
  override name = 'BadInput';
}

/** Option values as numbers or as the raw strings a CLI parser hands over. */
export interface DeviceCommandOptions {
  gUs?: number | string;
  tS?: number | string;
  n?: number | string;
  seed?: number | string;
}

export interface DeviceCommandResult {
  json: DeviceStats;
  text: string;
}

function toNumber(flag: string, v: number | string): number {
  const x = typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(x)) throw new BadInput(`${flag}: expected a number, got '${v}'`);
  return x;
}

function parseOptions(opts: DeviceCommandOptions): Required<{ [K in keyof DeviceCommandOptions]: number }> {
  const gMax = PCM_DEFAULTS.gMaxUs;
  const gUs = opts.gUs === undefined ? DEVICE_STATS_DEFAULTS.gUs : toNumber('--g-us', opts.gUs);
  if (gUs < 0 || gUs > gMax) throw new BadInput(`--g-us: must be in [0, ${gMax}] uS (g_max), got ${gUs}`);
  const tS = opts.tS === undefined ? DEVICE_STATS_DEFAULTS.tS : toNumber('--t-s', opts.tS);
  if (tS < 0) throw new BadInput(`--t-s: must be >= 0 s (time since programming), got ${tS}`);
  const n = opts.n === undefined ? DEVICE_STATS_DEFAULTS.n : toNumber('--n', opts.n);
  if (!Number.isSafeInteger(n) || n < 1) throw new BadInput(`--n: must be an integer >= 1, got ${n}`);
  const seed = opts.seed === undefined ? DEVICE_STATS_DEFAULTS.seed : toNumber('--seed', opts.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new BadInput(`--seed: must be an integer >= 0, got ${seed}`);
  return { gUs, tS, n, seed };
}

const fmt = (x: number): string => x.toFixed(4).padStart(9);

function formatText(s: DeviceStats): string {
  const row = (name: string, m: { mean_us: number; std_us: number }): string =>
    `  ${name.padEnd(11)}${fmt(m.mean_us)}${fmt(m.std_us)}${s.g_target_us > 0 ? fmt(m.mean_us / s.g_target_us) : '        -'}`;
  return [
    `PCM device model (aihwkit PCMLikeNoiseModel): g_target = ${s.g_target_us} uS, t = ${s.t_s} s, n = ${s.n}`,
    `  ${'stage'.padEnd(11)}${'mean uS'.padStart(9)}${'std uS'.padStart(9)}${'mean/g'.padStart(9)}`,
    row('programmed', s.programmed),
    row('drifted', s.drifted),
    row('read', s.read),
  ].join('\n');
}

/** Validate, compute, format. Throws BadInput on an invalid option. */
export function runDeviceCommand(opts: DeviceCommandOptions = {}): DeviceCommandResult {
  const { gUs, tS, n, seed } = parseOptions(opts);
  const json = deviceStats({ gUs, tS, n, seed });
  return { json, text: formatText(json) };
}
