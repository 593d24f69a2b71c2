// From a target name and an optional config file to emitted Verilog and its
// manifest, all in memory: shared by `gen`, `lint` and (later) `synth` and
// `cosim`. Every problem with the input is a UsageError naming what is wrong.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { elaborate, type IrDesign, type ParamValue } from '../../gen/index.ts';
import { emitVerilog, type EmittedFile } from '../../gen/emit/verilog.ts';
import { DEFAULT_TARGET, findTarget, targetNames, defaultParams, type Target } from '../targets.ts';
export { defaultParams };
import { UsageError } from './cli.ts';
import { InputTooLarge, MAX_CONFIG_BYTES, readBoundedText } from './read-bounded.ts';

export function resolveTarget(name: string | undefined): Target {
  const t = findTarget(name ?? DEFAULT_TARGET);
  if (!t) throw new UsageError(`unknown target '${name}' (known: ${targetNames().join(', ')})`);
  return t;
}

/** The target's parameters: its defaults, overridden by the JSON object in `file` when given. */
export function loadParams(target: Target, file: string | undefined): Record<string, unknown> {
  if (file === undefined) return defaultParams(target);
  let text: string;
  try {
    text = readBoundedText(file);
  } catch (err) {
    if (err instanceof InputTooLarge) throw new UsageError(`config file '${file}' is larger than ${MAX_CONFIG_BYTES / 1024} KiB: not a parameter file`);
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `config file '${file}' not found` : `cannot read config file '${file}': ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  const parsed = target.params.safeParse(raw);
  if (!parsed.success) throw new UsageError(`${file}: ${describeIssues(parsed.error.issues, target)}`);
  return parsed.data as Record<string, unknown>;
}

function describeIssues(issues: z.core.$ZodIssue[], target: Target): string {
  const known = Object.keys(target.params.shape).join(', ');
  const one = (i: z.core.$ZodIssue): string => {
    if (i.code === 'unrecognized_keys') {
      const keys = i.keys.map((k) => `'${k}'`).join(', ');
      return `unknown parameter${i.keys.length > 1 ? 's' : ''} ${keys} for target '${target.name}' (known: ${known})`;
    }
    if (i.path.length === 0) return `${i.message} (the config file must be a JSON object of parameters: ${known})`;
    return `parameter '${i.path.join('.')}': ${i.message}`;
  };
  const shown = issues.slice(0, 5).map(one).join('; ');
  return issues.length > 5 ? `${shown}; and ${issues.length - 5} more problems` : shown;
}

export interface Built {
  target: Target;
  params: Record<string, unknown>;
  design: IrDesign;
  files: EmittedFile[];
}

/**
 * Elaborates and emits a target. DSL errors (ElaborationError, EmitError)
 * are bad input (main.ts reports them in one line); when the parameters came
 * from a config file, the message names it too.
 */
export async function buildTarget(target: Target, params: Record<string, unknown>, configFile?: string): Promise<Built> {
  try {
    return await build(target, params);
  } catch (err) {
    if (configFile !== undefined && err instanceof Error && (err.name === 'ElaborationError' || err.name === 'EmitError')) {
      throw new UsageError(`${err.message} (parameters from ${configFile})`);
    }
    throw err;
  }
}

async function build(target: Target, params: Record<string, unknown>): Promise<Built> {
  const def = await target.build(params);
  const design = elaborate(def);
  const emitted = emitVerilog(design);
  const files = [...emitted.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { target, params, design, files };
}

/** sha256 over the files sorted by name, each as `name NUL text NUL` (hex). */
export function contentHash(files: readonly { path: string; text: string }[]): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    h.update(f.path).update('\0').update(f.text).update('\0');
  }
  return h.digest('hex');
}

export interface ManifestModule {
  name: string;
  generator: string;
  params: Record<string, ParamValue>;
  /** The Verilog file defining it; null for a black box whose source is not part of the design. */
  file: string | null;
}

export interface Manifest {
  top: string;
  target: string;
  modules: ManifestModule[];
  files: string[];
  parameters: Record<string, unknown>;
  contentHash: string;
  generator: string;
}

export function manifestOf(b: Built, generator: string): Manifest {
  const fileOf = new Map(b.files.map((f) => [f.module, f.path]));
  return {
    top: b.design.top,
    target: b.target.name,
    modules: b.design.modules.map((m) => ({ name: m.name, generator: m.generator, params: m.params, file: fileOf.get(m.name) ?? null })),
    files: b.files.map((f) => f.path),
    parameters: b.params,
    contentHash: contentHash(b.files),
    generator,
  };
}
