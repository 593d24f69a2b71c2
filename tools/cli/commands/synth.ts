// `neurotile synth`: area of a block with Yosys (generic cells), or LUTs,
// BRAMs and Fmax on an iCE40 FPGA (Yosys synth_ice40 + nextpnr-ice40).
import type { CommandResult } from '../cli.ts';
import { defineCommand, opt } from '../options.ts';
import { configOption, targetOption } from '../common-options.ts';

export const synth = defineCommand({
  name: 'synth',
  summary: 'area with Yosys (generic cells) or iCE40 LUTs/BRAMs/Fmax with nextpnr',
  options: {
    target: targetOption('block to synthesize (default: the reference design)'),
    config: configOption(),
    arch: opt.choice('--arch <arch>', `architecture (the design brief's "synth --target generic|ice40")`, ['generic', 'ice40'] as const, 'generic'),
    device: opt.choice('--device <device>', 'iCE40 device', ['hx8k', 'up5k'] as const, 'hx8k'),
    timeout: opt.seconds('--timeout <seconds>', 'time limit of each tool run (Yosys, nextpnr)', { default: 1800 }),
  },
  async run(opts, ctx): Promise<CommandResult> {
    const { resolveTarget, loadParams, buildTarget } = await import('../design.ts');
    const t = resolveTarget(opts.target);
    const built = await buildTarget(t, loadParams(t, opts.config), opts.config);
    ctx.progress(`synth: ${t.name} (top ${built.design.top}) for ${opts.arch}${opts.arch === 'ice40' ? ` ${opts.device}` : ''}`);
    const { runSynth, formatSynth } = await import('../../synth/run-synth.ts');
    const report = await runSynth(built.files, built.design.top, opts.arch, { device: opts.device, timeoutMs: opts.timeout * 1000 });
    return { exitCode: 0, json: { target: t.name, ...report }, human: `${formatSynth(report)}\n` };
  },
});
