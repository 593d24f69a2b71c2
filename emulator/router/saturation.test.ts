// Uniform random traffic through a 4 x 4 mesh: nothing lost, duplicated or
// misrouted, below saturation the network carries what is offered, and the
// zero-load latency is hops + 1. (The million-packet run and the sweep in
// docs/router-saturation.md: `npx tsx emulator/router/saturation.ts --write`.)
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTER_PARAMS } from './flit.ts';
import { runUniformTraffic } from './traffic.ts';
import { renderSaturationSvg, renderSaturationTable, saturationSweep } from './saturation.ts';

describe('4 x 4 mesh under uniform random traffic', () => {
  it('delivers 100 000 packets exactly once, at their destinations, near saturation', () => {
    const r = runUniformTraffic({ width: 4, height: 4, params: DEFAULT_ROUTER_PARAMS, rate: 0.6, packets: 100_000, seed: 3, warmupCycles: 500 });
    expect({ delivered: r.delivered, lost: r.lost, duplicated: r.duplicated, misrouted: r.misrouted }).toEqual({ delivered: 100_000, lost: 0, duplicated: 0, misrouted: 0 });
  });

  it('carries the offered load below saturation and saturates above it', () => {
    const rows = saturationSweep({ width: 4, height: 4, params: DEFAULT_ROUTER_PARAMS, rates: [0.02, 0.3, 1], packets: 40_000, warmupCycles: 300 });
    // Zero load: uniform destinations over 4 x 4 average 2.5 hops, + 1 cycle to get in.
    expect(rows[0].meanNetworkLatency).toBeGreaterThan(3.4);
    expect(rows[0].meanNetworkLatency).toBeLessThan(3.7);
    expect(rows[1].throughput).toBeCloseTo(0.3, 1);
    expect(rows[2].throughput).toBeGreaterThan(0.5);
    expect(rows[2].throughput).toBeLessThan(0.8);
    expect(rows.every((r) => r.lost === 0 && r.duplicated === 0 && r.misrouted === 0)).toBe(true);
    const svg = renderSaturationSvg(rows, 'test');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(renderSaturationTable(rows).split('\n')).toHaveLength(2 + rows.length);
  });
});
