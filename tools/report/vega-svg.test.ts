// Charts rendered in Node are deterministic (same spec, same bytes, whatever
// was rendered before) and can share one page: every id is renamed under
// the chart's prefix, and every reference still points at its element.
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { renameSvgIds, renderVegaLite } from './vega-svg.ts';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`vega-svg.test.ts: fast-check seed ${SEED} (replay: FC_SEED=${SEED})`);

const line = (values: { x: number; y: number }[]): TopLevelSpec => ({
  data: { values },
  width: 200,
  height: 100,
  // A clipped mark: vega names a clip path from a process-wide counter.
  mark: { type: 'line', clip: true },
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
});

describe('renderVegaLite', () => {
  it('same spec, same bytes, also after other charts were rendered', async () => {
    const spec = line([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 2 }]);
    const first = await renderVegaLite(spec, 'a');
    await renderVegaLite(line([{ x: 5, y: 5 }]), 'b');
    await renderVegaLite(line([{ x: 1, y: 7 }, { x: 2, y: 8 }]), 'c');
    const again = await renderVegaLite(spec, 'a');
    expect(again).toBe(first);
    expect(first.startsWith('<svg')).toBe(true);
    expect(first).toMatch(/clip-path="url\(#a-1\)"/);
    expect(first).not.toMatch(/NaN|Infinity|http:\/\/(?!www\.w3\.org)/);
  });

  it('refuses to load data from a URL', async () => {
    const spec = { data: { url: 'https://example.invalid/data.csv' }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } } as TopLevelSpec;
    await expect(renderVegaLite(spec, 'u')).rejects.toThrow(/carry their data inline/);
  });
});

// Random SVG-ish documents: elements with ids, and references by url(#) and href="#".
const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
const doc = fc.uniqueArray(name, { minLength: 1, maxLength: 8 }).chain((ids) =>
  fc.tuple(fc.constant(ids), fc.array(fc.tuple(fc.constantFrom(...ids), fc.boolean()), { maxLength: 12 })),
);

describe('renameSvgIds', () => {
  fcTest.prop([doc, name], { seed: SEED, numRuns: 200 })('every id gets the prefix, stays unique, and every reference follows it', ([ids, refs], prefix) => {
    const svg = `<svg>${ids.map((id) => `<clipPath id="${id}"/>`).join('')}${refs.map(([id, useHref]) => (useHref ? `<use href="#${id}"/>` : `<g clip-path="url(#${id})"/>`)).join('')}</svg>`;
    const out = renameSvgIds(svg, prefix);
    const newIds = [...out.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(newIds).toEqual(ids.map((_, i) => `${prefix}-${i + 1}`));
    const targets = [...out.matchAll(/url\(#([^)]+)\)|href="#([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    // The k-th reference pointed at ids[j]: now at the j-th new id.
    expect(targets).toEqual(refs.map(([id]) => `${prefix}-${ids.indexOf(id) + 1}`));
  });
});
