// `neurotile gen`: elaborate a target, emit its Verilog and write it with a
// manifest.json into --out (replaced as a whole, see output-dir.ts).
import { join, relative, resolve } from 'node:path';
import { defineCommand, opt } from '../options.ts';
import { configOption, targetOption } from '../common-options.ts';

export const gen = defineCommand({
  name: 'gen',
  summary: 'write the Verilog of a block and its manifest.json',
  options: {
    target: targetOption('block to generate (default: the reference design, for now fifo; `neurotile targets` lists all)'),
    config: configOption(),
    out: opt.text('--out <dir>', 'output directory, replaced as a whole if it is a previous gen output (default: build/gen/<target>)'),
  },
  async run(opts, ctx) {
    const { resolveTarget, loadParams, buildTarget, manifestOf } = await import('../design.ts');
    const { replaceDir } = await import('../output-dir.ts');
    const { toJson } = await import('../cli.ts');
    const target = resolveTarget(opts.target);
    const params = loadParams(target, opts.config);
    const out = resolve(opts.out ?? join(ctx.root, 'build', 'gen', target.name));
    // No progress line before the input is known good: bad input must leave exactly one line on stderr.
    const built = await buildTarget(target, params, opts.config);
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
});
