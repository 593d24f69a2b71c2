// Vega-Lite specs rendered to SVG in Node (no browser, no canvas): compile
// with vega-lite, run a headless vega View, take its SVG. Same spec, same
// bytes: the data are inline, nothing is loaded, and the ids vega numbers
// from process-wide counters (clip paths, gradients) are renamed per chart so
// that neither the order of the renders nor several charts inlined in one
// page change or clash.
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** A loader that refuses every URL: a chart must carry its data inline. */
const NO_NETWORK = {
  ...vega.loader(),
  load: async (uri: string) => {
    throw new Error(`chart tried to load '${uri}': charts carry their data inline`);
  },
  sanitize: async (uri: string) => {
    throw new Error(`chart tried to load '${uri}': charts carry their data inline`);
  },
} as unknown as vega.Loader;

/** Gives every id in `svg` the name `${prefix}-${n}` (first seen, first numbered) and fixes the references. */
export function renameSvgIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size + 1}`);
  if (ids.size === 0) return svg;
  return svg
    .replace(/\sid="([^"]+)"/g, (_s, id: string) => ` id="${ids.get(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (s, id: string) => (ids.has(id) ? `url(#${ids.get(id)})` : s))
    .replace(/href="#([^"]+)"/g, (s, id: string) => (ids.has(id) ? `href="#${ids.get(id)}"` : s));
}

/** Every `data: { url }` in a spec (vega would log a failed load and draw an empty chart, so refuse up front). */
function dataUrls(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) dataUrls(x, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'data' && v && typeof v === 'object' && typeof (v as { url?: unknown }).url === 'string') out.push((v as { url: string }).url);
      dataUrls(v, out);
    }
  }
  return out;
}

/** Renders a Vega-Lite spec to an SVG string whose ids all start with `idPrefix`. */
export async function renderVegaLite(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const urls = dataUrls(spec);
  if (urls.length) throw new Error(`chart '${idPrefix}' would load '${urls[0]}': charts carry their data inline`);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: NO_NETWORK, logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    return renameSvgIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}
