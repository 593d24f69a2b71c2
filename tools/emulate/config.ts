// `emulate --config F`: a JSON object of chip parameters, the same flat keys
// as `gen --target chip --config F` (width, height, rows, cols, gbits,
// adcBits, adcShare, ..., the sampler's) plus `clockHz`, the clock the cycle
// counts are turned into time and static energy at. Left-out keys keep the
// reference chip's values. Every problem is a UsageError naming the file and
// the field.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { checkChipParams, type ChipParams } from '../../emulator/chip/index.ts';
import { findTarget } from '../targets.ts';
import { UsageError } from '../cli/cli.ts';

export interface EmulateChipConfig {
  chip: ChipParams;
  clockHz: number;
  /** The file it came from (undefined: the reference chip). */
  file?: string;
}

function chipSchema() {
  const target = findTarget('chip');
  if (!target) throw new Error('the chip target is not registered');
  const base = target.params as z.ZodObject;
  return base.extend({ clockHz: z.number().positive().max(1e11).optional().describe('clock (Hz); default: the energy table\'s') });
}

type Flat = Record<string, number>;

function chipOf(p: Flat): ChipParams {
  return {
    width: p.width!,
    height: p.height!,
    tile: {
      rows: p.rows!,
      cols: p.cols!,
      gbits: p.gbits!,
      adcBits: p.adcBits!,
      adcShare: p.adcShare!,
      vBits: p.vBits!,
      refBits: p.refBits!,
      fanout: p.fanout!,
      classes: p.classes!,
      xBits: p.xBits!,
      yBits: p.yBits!,
      fifoDepth: p.fifoDepth!,
      sampler: { lanes: p.lanes!, rows: p.samplerRows!, gbits: p.samplerGbits!, adcBits: p.samplerAdcBits!, numberBits: p.numberBits!, windowLog2: p.windowLog2!, deadband: p.deadband! },
    },
  };
}

/** The chip and clock of `file` (or the reference chip at `defaultClockHz`). */
export function loadChipConfig(file: string | undefined, defaultClockHz: number): EmulateChipConfig {
  const schema = chipSchema();
  let raw: unknown = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(code === 'ENOENT' ? `config file '${file}' not found` : `cannot read config file '${file}': ${(err as Error).message}`);
    }
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`${file}: not valid JSON: ${(err as Error).message}`);
    }
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const known = Object.keys(schema.shape).join(', ');
    if (i.code === 'unrecognized_keys') throw new UsageError(`${file}: unknown chip parameter ${i.keys.map((k) => `'${k}'`).join(', ')} (known: ${known})`);
    if (i.path.length === 0) throw new UsageError(`${file}: ${i.message} (the config file must be a JSON object of chip parameters: ${known})`);
    throw new UsageError(`${file}: parameter '${i.path.join('.')}': ${i.message}`);
  }
  const flat = r.data as Flat & { clockHz?: number };
  const chip = chipOf(flat);
  try {
    checkChipParams(chip);
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(`${file ?? 'reference chip'}: ${err.message}`);
    throw err;
  }
  return { chip, clockHz: flat.clockHz ?? defaultClockHz, ...(file !== undefined ? { file } : {}) };
}
