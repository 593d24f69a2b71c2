// `neurotile targets`: the blocks --target accepts, with their parameters and defaults.
import { defineCommand } from '../options.ts';

export const targets = defineCommand({
  name: 'targets',
  summary: 'list the blocks --target accepts and their parameters',
  options: {},
  async run() {
    const { TARGETS, DEFAULT_TARGET, defaultParams } = await import('../../targets.ts');
    const list = TARGETS.map((t) => ({
      name: t.name,
      description: t.description,
      default: t.name === DEFAULT_TARGET,
      parameters: Object.entries(defaultParams(t)).map(([name, value]) => ({
        name,
        default: value,
        description: (t.params.shape as Record<string, { description?: string }>)[name]?.description ?? '',
      })),
    }));
    const human = list
      .map((t) => {
        const params = t.parameters.map((p) => `${p.name}=${String(p.default)}`).join(' ');
        return `${t.name.padEnd(14)} ${t.description}${t.default ? ' [default]' : ''}\n${' '.repeat(15)}${params}`;
      })
      .join('\n');
    return { exitCode: 0, json: { default: DEFAULT_TARGET, targets: list }, human: `${human}\n` };
  },
});
