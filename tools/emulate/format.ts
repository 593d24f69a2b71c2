// The human output of `neurotile emulate`: the figures as aligned tables.
import type { EmulateJson } from './run-emulate.ts';

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : '-');
const num = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const int = (x: number) => Math.round(x).toLocaleString('en-US');

function energyText(pj: number): string {
  if (pj >= 1e6) return `${(pj / 1e6).toFixed(2)} uJ`;
  if (pj >= 1e3) return `${(pj / 1e3).toFixed(2)} nJ`;
  return `${pj.toFixed(1)} pJ`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

export function formatEmulate(j: EmulateJson): string {
  const c = j.config;
  const t = c.chip.tile;
  const out: string[] = [];
  out.push(`neurotile emulate: ${j.images} test images on the chip emulator (${c.chip.width} x ${c.chip.height} tiles of ${t.rows} x ${t.cols}, ${t.gbits}-bit levels, ${t.adcBits}-bit ADC shared by ${t.adcShare} columns, ${(c.clockHz / 1e6).toFixed(0)} MHz)`);
  out.push(`network ${c.network.name} (${c.network.file}), T = ${c.timesteps}, S = ${c.samples}, t = ${c.tS} s after programming, drift compensation ${c.driftCompensation ? 'on' : 'off'}, seed ${c.seed}`);
  out.push('');
  const m = j.metrics;
  const f = j.float;
  out.push(
    table([
      ['', 'chip (emulator)', 'float ANN (no device noise)'],
      ['accuracy', pct(m.accuracy), pct(f.accuracy)],
      ['ECE (15 bins)', pct(m.ece), pct(f.ece)],
      ['NLL (nats)', num(m.nll), num(f.nll)],
      ['Brier', num(m.brier), num(f.brier)],
      ['mean entropy (nats)', num(m.entropy), ''],
      ['abstain rate (p < 0.5)', pct(m.abstainRate), ''],
      ['accuracy on accepted', pct(m.accuracyOnAccepted), ''],
      ...(j.ood ? [['OOD AUROC, max prob.', num(j.ood.aurocMaxProb), num(j.ood.floatAurocMaxProb)], ['OOD AUROC, entropy', num(j.ood.aurocEntropy), num(j.ood.floatAurocEntropy)]] : []),
    ]),
  );
  out.push(`float: 4-bit levels x clip scale ${pct(f.quantizedAccuracy)}, float rate-coded SNN (T = ${c.timesteps}) ${pct(f.snnAccuracy)}; gap chip - float ANN ${(100 * (m.accuracy - f.accuracy)).toFixed(2)} points`);
  out.push(`chip decision stage (argmax of votes, ALU confidence): accuracy ${pct(j.chipDecision.accuracy)}, abstain ${pct(j.chipDecision.abstainRate)}`);
  out.push('');
  const p = j.perInference;
  out.push('per inference:');
  out.push(
    table([
      ['cycles', int(p.cycles)],
      [`latency at ${(c.clockHz / 1e6).toFixed(0)} MHz`, `${p.latencyUs.toFixed(1)} us`],
      ['spikes', num(p.spikes, 1)],
      ['synaptic operations', int(p.synapticOps)],
      ['energy', energyText(j.energy.perInferencePj)],
      ['pJ per synaptic operation', num(j.energy.pjPerSynapticOp, 3)],
    ]),
  );
  out.push('');
  out.push('energy per inference by component:');
  const comps = Object.entries(j.energy.byComponentPj).sort((a, b) => b[1] - a[1]);
  out.push(table([['component', 'energy', 'share'], ...comps.map(([k, v]) => [k, energyText(v), pct(v / j.energy.perInferencePj)])]));
  out.push('');
  out.push('pJ per synaptic operation, side by side (published chips: docs/energy.md):');
  out.push(
    table([
      ['chip', 'node', 'pJ/SOP', 'pJ/MAC'],
      ['neurotile (this run)', j.energyTable.node.split(',')[0]!, num(j.energy.pjPerSynapticOp, 3), ''],
      ...j.energy.publishedChips.map((x) => [x.name, x.node, x.pjPerSop === null ? '' : String(x.pjPerSop), x.pjPerMac === null ? '' : String(x.pjPerMac)]),
    ]),
  );
  out.push('');
  out.push(`${j.images} images in ${j.seconds.toFixed(1)} s on ${c.workers} worker${c.workers > 1 ? 's' : ''}: ${j.imagesPerSecond.toFixed(1)} images/s`);
  if (!j.programming.samplersCalibrated) out.push('warning: a sampler lane did not converge in the warm-up (its numbers stay unbiased; runs take longer)');
  return `${out.join('\n')}\n`;
}
