// `neurotile synth`: area of a block with Yosys (generic cells), or LUTs,
// BRAMs and Fmax on an iCE40 FPGA (Yosys synth_ice40 + nextpnr-ice40).
import type { Command } from 'commander';
import type { CommandModule, CommandResult } from '../cli.ts';

const ARCHS = ['generic', 'ice40'] as const;

export const synth: CommandModule = {
  name: 'synth',
  summary: 'area with Yosys (generic cells) or iCE40 LUTs/BRAMs/Fmax with nextpnr',
  configure(cmd: Command) {
    cmd
      .option('--target <block>', 'block to synthesize (default: the reference design)')
      .option('--config <file>', "JSON object of the target's parameters")
      .option('--arch <arch>', `generic or ice40 (the design brief's "synth --target generic|ice40")`, 'generic')
      .option('--device <device>', 'iCE40 device: hx8k or up5k', 'hx8k');
  },
  async run(opts, ctx): Promise<CommandResult> {
    const { UsageError } = await import('../cli.ts');
    const arch = String(opts.arch);
    if (!(ARCHS as readonly string[]).includes(arch)) throw new UsageError(`unknown --arch '${arch}' (known: ${ARCHS.join(', ')})`);
    const device = String(opts.device);
    if (device !== 'hx8k' && device !== 'up5k') throw new UsageError(`unknown --device '${device}' (known: hx8k, up5k)`);
    const { resolveTarget, loadParams, buildTarget } = await import('../design.ts');
    const t = resolveTarget(opts.target as string | undefined);
    const built = await buildTarget(t, loadParams(t, opts.config as string | undefined), opts.config as string | undefined);
    ctx.progress(`synth: ${t.name} (top ${built.design.top}) for ${arch}${arch === 'ice40' ? ` ${device}` : ''}`);
    const { runSynth, formatSynth } = await import('../../synth/run-synth.ts');
    const report = await runSynth(built.files, built.design.top, arch as (typeof ARCHS)[number], { device });
    return { exitCode: 0, json: { target: t.name, ...report }, human: `${formatSynth(report)}\n` };
  },
};
