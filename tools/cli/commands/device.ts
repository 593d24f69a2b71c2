// `neurotile device`: statistics of the PCM device model (programmed, drifted
// and read conductance). The emulator's device module checks the physics
// (g within [0, g_max]) and formats; its BadInput errors are bad input (exit 2).
import { defineCommand, opt } from '../options.ts';

/** At most 10^7 devices: about a second of work per million on one core. */
export const DEVICE_MAX_N = 10_000_000;

export const device = defineCommand({
  name: 'device',
  summary: 'statistics of the PCM device model (programmed, drifted, read conductance)',
  options: {
    gUs: opt.number('--g-us <uS>', 'target conductance in microsiemens, at most g_max', { min: 0, max: 1000, unit: 'uS' }),
    tS: opt.number('--t-s <seconds>', 'time since programming', { min: 0, max: 1e12, unit: 's' }),
    n: opt.int('--n <count>', 'number of devices sampled', { min: 1, max: DEVICE_MAX_N }),
    seed: opt.int('--seed <seed>', 'noise seed', { min: 0, max: 0xffffffff }),
  },
  async run(opts) {
    const { runDeviceCommand } = await import('../../device-command.ts');
    const r = runDeviceCommand(opts);
    return { exitCode: 0, json: r.json as unknown as Record<string, unknown>, human: `${r.text}\n` };
  },
});
