// The version line of an installed tool: part of every model's cache key, and
// the place where a missing tool is reported clearly (tests that need a tool
// fail loudly; they never skip).
import { INSTALL_HINTS, runTool, ToolNotFoundError } from '../gen/tools/run-tool.ts';

const VERSION_ARGS: Record<string, string[]> = {
  verilator: ['--version'],
  iverilog: ['-V'],
  vvp: ['-V'],
  yosys: ['-V'],
  'nextpnr-ice40': ['--version'],
};

const cache = new Map<string, Promise<string>>();

export function toolVersion(tool: string): Promise<string> {
  let v = cache.get(tool);
  if (!v) {
    v = (async () => {
      try {
        const r = await runTool(tool, VERSION_ARGS[tool] ?? ['--version'], { timeoutMs: 20_000 });
        return (r.stdout + r.stderr).split('\n').find((l: string) => l.trim()) ?? tool;
      } catch (err) {
        // A missing tool is the user's setup, not a bug: the CLI maps it to exit 2.
        if (err instanceof ToolNotFoundError) throw new ToolNotFoundError(tool, `${INSTALL_HINTS[tool] ?? `install ${tool}`} (or run scripts/setup.sh)`);
        throw err;
      }
    })();
    cache.set(tool, v);
  }
  return v;
}
