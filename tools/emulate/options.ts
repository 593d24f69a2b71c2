// The options of `neurotile emulate`, checked: every problem is a UsageError
// naming the option (exit 2, one line).
import { resolve } from 'node:path';
import { UsageError } from '../cli/cli.ts';

export interface EmulateCliOptions {
  config?: string;
  network?: string;
  datasetDir?: string;
  limit?: string;
  samples?: string;
  timesteps?: string;
  tS?: string;
  driftCompensation?: boolean;
  seed?: string;
  workers?: string;
}

export interface EmulateOptions {
  config?: string;
  network: string;
  datasetDir: string;
  limit: number;
  samples: number;
  /** undefined: the network's own T. */
  timesteps?: number;
  tS: number;
  driftCompensation: boolean;
  seed: number;
  workers?: number;
}

export const SHIPPED_NETWORK = 'workloads/networks/fashion-mnist-snn.json';
export const DEFAULT_DATASET_DIR = '/usr/share/datasets/fashion-mnist';
export const TEST_IMAGES = 10_000;

function whole(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!(text.trim() !== '' && Number.isSafeInteger(v) && v >= min && v <= max)) throw new UsageError(`${flag}: must be a whole number from ${min} to ${max}, got '${text}'`);
  return v;
}

export function parseEmulateOptions(o: EmulateCliOptions, root: string): EmulateOptions {
  let tS = 3600;
  if (o.tS !== undefined) {
    tS = Number(o.tS);
    if (!(o.tS.trim() !== '' && Number.isFinite(tS) && tS >= 1 && tS <= 1e10)) throw new UsageError(`--t-s: must be a time in seconds from 1 to 1e10, got '${o.tS}'`);
  }
  return {
    ...(o.config !== undefined ? { config: o.config } : {}),
    network: o.network ?? resolve(root, SHIPPED_NETWORK),
    datasetDir: o.datasetDir ?? DEFAULT_DATASET_DIR,
    limit: whole('--limit', o.limit, 1, TEST_IMAGES) ?? TEST_IMAGES,
    // SAMPLES is an 8-bit register and the votes saturate at 255.
    samples: whole('--samples', o.samples, 1, 255) ?? 1,
    timesteps: whole('--timesteps', o.timesteps, 2, 4096),
    tS,
    // commander turns --no-drift-compensation into driftCompensation: false.
    driftCompensation: o.driftCompensation !== false,
    seed: whole('--seed', o.seed, 0, 2 ** 32 - 1) ?? 1,
    workers: whole('--workers', o.workers, 1, 16),
  };
}
