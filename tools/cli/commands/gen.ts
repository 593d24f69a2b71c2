// `neurotile gen`: elaborate a target, emit its Verilog and write it with a
// manifest.json into --out (replaced as a whole, see output-dir.ts).
import type { Command } from 'commander';
import { join, relative, resolve } from 'node:path';
import type { CommandModule } from '../cli.ts';

export const gen: CommandModule = {
  name: 'gen',
  summary: 'write the Verilog of a block and its manifest.json',
  configure(cmd: Command) {
    cmd
      .option('--target <block>', 'block to generate (default: the reference design, for now fifo; `neurotile targets` lists all)')
      .option('--config <file>', "JSON object of the target's parameters (default: the built-in reference configuration)")
      .option('--out <dir>', 'output directory, replaced as a whole (default: build/gen/<target>)');
  },
  async run(opts, ctx) {
    const { resolveTarget, loadParams, buildTarget, manifestOf } = await import('../design.ts');
    const { replaceDir } = await import('../output-dir.ts');
    const { toJson } = await import('../cli.ts');
    const target = resolveTarget(opts.target as string | undefined);
    const params = loadParams(target, opts.config as string | undefined);
    const out = resolve((opts.out as string | undefined) ?? join(ctx.root, 'build', 'gen', target.name));
    // No progress line before the input is known good: bad input must leave exactly one line on stderr.
    const built = await buildTarget(target, params, opts.config as string | undefined);
    const manifest = manifestOf(built, ctx.generator);
    replaceDir(out, built.files, `${toJson(manifest, 2)}\n`);
    const rel = relative(process.cwd(), out);
    const shown = rel === '' ? '.' : rel.startsWith('..') ? out : rel;
    ctx.progress(`gen: wrote ${built.files.length} file${built.files.length === 1 ? '' : 's'} and manifest.json to ${shown}`);
    return {
      exitCode: 0,
      json: { target: target.name, out, top: manifest.top, files: manifest.files, contentHash: manifest.contentHash },
      human: [`top      ${manifest.top}`, `out      ${shown}`, `files    ${manifest.files.join(' ')}`, `hash     ${manifest.contentHash}`, ''].join('\n'),
    };
  },
};
