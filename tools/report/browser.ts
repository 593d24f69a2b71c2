// Opens a report in Debian's headless Chromium through playwright-core:
// console errors, every network request the page made, what each chart
// element holds, and a full-page screenshot. The page must need nothing but
// itself, so any request at all is recorded (file:// of the page aside).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ChartInPage {
  id: string;
  /** The chart element is a figure without the `missing` class. */
  present: boolean;
  width: number;
  height: number;
  /** Drawn marks in its SVG (paths, rects, lines, circles, text). */
  marks: number;
}

export interface PageCheck {
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
  charts: ChartInPage[];
  /** Every [data-path] cell: the path and the text shown. */
  cells: { path: string; text: string }[];
  title: string;
}

/** `clipHeight`: only the top of the page in the screenshot (a small picture for docs/). */
export async function checkReportInBrowser(htmlFile: string, screenshot: string, o: { clipHeight?: number; width?: number } = {}): Promise<PageCheck> {
  const profile = mkdtempSync(join(tmpdir(), 'neurotile-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: o.width ?? 1240, height: 900 } });
  const page = context.pages()[0] ?? (await context.newPage());
  const url = pathToFileURL(resolve(htmlFile)).href;
  const out: PageCheck = { consoleErrors: [], pageErrors: [], requests: [], charts: [], cells: [], title: '' };
  try {
    page.on('console', (m) => {
      if (m.type() === 'error') out.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => out.pageErrors.push(e.message));
    context.on('request', (r) => {
      if (r.url() !== url) out.requests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    out.title = await page.title();
    out.charts = await page.$$eval('figure[data-chart]', (figs) =>
      figs.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: f.getAttribute('data-chart') ?? '',
          present: !f.classList.contains('missing') && svg !== null,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: svg ? svg.querySelectorAll('path, rect, line, circle, text').length : 0,
        };
      }),
    );
    out.cells = await page.$$eval('[data-path]', (cells) => cells.map((c) => ({ path: c.getAttribute('data-path') ?? '', text: (c.textContent ?? '').trim() })));
    await page.screenshot(o.clipHeight ? { path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: o.width ?? 1240, height: o.clipHeight } } : { path: screenshot, fullPage: true });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  return out;
}
