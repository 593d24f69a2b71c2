// The Icarus backend: how to compile the generated testbench with the RTL
// (cached by content hash) and how to start vvp. Everything else is the
// generic pipe simulator.
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { TopInterface } from '../ports.ts';
import { cachedModel, contentHash, type CachedModel } from '../model-cache.ts';
import { PipeSimulator, type PipeOptions } from '../pipe-simulator.ts';
import { SimulationError } from '../simulator.ts';
import { ICARUS_TB_TOP, icarusTestbench } from './testbench.ts';
import type { RtlSource } from '../verilator/backend.ts';
import { runTool } from '../../gen/tools/run-tool.ts';
import { toolVersion } from '../tool-version.ts';
import { modelBuildFailed } from '../build-failure.ts';
import { registerCleanup } from '../../gen/tools/process-registry.ts';

const MODEL = 'model.vvp';

export async function buildIcarusModel(sources: RtlSource[], iface: TopInterface): Promise<CachedModel> {
  const tb = icarusTestbench(iface);
  const version = await toolVersion('iverilog');
  await toolVersion('vvp');
  const hash = contentHash([version, tb, ...sources.flatMap((s) => [s.name, s.text])]);
  return cachedModel('icarus', hash, MODEL, async (dir) => {
    const rtlDir = join(dir, 'rtl');
    mkdirSync(rtlDir, { recursive: true });
    for (const s of sources) writeFileSync(join(rtlDir, basename(s.name)), s.text);
    writeFileSync(join(dir, 'tb.v'), tb);
    const args = ['-g2012', '-s', ICARUS_TB_TOP, '-o', MODEL, 'tb.v', ...sources.map((s) => `./${join('rtl', basename(s.name))}`)];
    const r = await runTool('iverilog', args, { cwd: dir, timeoutMs: 300_000 });
    if (r.code !== 0) throw modelBuildFailed('iverilog', iface.top, hash, r.code, `${r.stdout}\n${r.stderr}`, r.timedOut);
  }, { label: `${iface.top} (${sources.reduce((n, s) => n + s.text.length, 0)} bytes of Verilog)` });
}

/**
 * Reads a named pipe without tying up a libuv worker thread per simulator
 * (a blocking fs read stream would, and four open simulators would hang the
 * thread pool). Our own write end keeps the pipe from reading as EOF before
 * vvp opens it.
 */
function openFifoReader(path: string): { stream: Socket; close(): void } {
  const readFd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const keepAliveFd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  const stream = new Socket({ fd: readFd, readable: true, writable: false });
  return {
    stream,
    close() {
      stream.destroy();
      closeSync(keepAliveFd);
    },
  };
}

export async function startIcarus(sources: RtlSource[], iface: TopInterface, options: PipeOptions = {}): Promise<PipeSimulator> {
  const model = await buildIcarusModel(sources, iface);
  // Replies travel through a named pipe: Node's child stdio pipes are sockets, which vvp cannot $fopen.
  const pipeDir = mkdtempSync(join(tmpdir(), 'neurotile-vvp-'));
  const unregister = registerCleanup(() => rmSync(pipeDir, { recursive: true, force: true }));
  const replyPipe = join(pipeDir, 'replies');
  const made = await runTool('mkfifo', [replyPipe], { timeoutMs: 10_000 });
  if (made.code !== 0) throw new SimulationError(`mkfifo failed: ${made.stderr.trim()}`);
  const replies = openFifoReader(replyPipe);
  const sim = new PipeSimulator('icarus', iface, 'vvp', ['-n', join(model.dir, MODEL), `+reply=${replyPipe}`], {
    ...options,
    replies: replies.stream,
  });
  sim.onExit(() => {
    replies.close();
    rmSync(pipeDir, { recursive: true, force: true });
    unregister();
  });
  return sim;
}
