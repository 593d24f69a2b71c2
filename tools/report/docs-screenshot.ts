// The screenshot in docs/report.md, taken the way the test takes its own:
//   npx tsx tools/report/docs-screenshot.ts build/report.html [docs/report-screenshot.png]
// Refuses to write it when the page has console errors, made requests or
// lacks a chart.
import { checkReportInBrowser } from './browser.ts';

const [html, out = 'docs/report-screenshot.png'] = process.argv.slice(2);
if (!html) throw new Error('usage: npx tsx tools/report/docs-screenshot.ts REPORT.html [OUT.png]');
const tmp = `${out}.tmp.png`;
const page = await checkReportInBrowser(html, tmp, { clipHeight: 2300, width: 1180 });
const { renameSync, rmSync } = await import('node:fs');
const bad = [...page.consoleErrors, ...page.pageErrors, ...page.requests.map((r) => `request ${r}`), ...page.charts.filter((c) => !c.present || c.marks < 20).map((c) => `chart ${c.id} empty`)];
if (bad.length) {
  rmSync(tmp, { force: true });
  throw new Error(`not a clean page: ${bad.join('; ')}`);
}
renameSync(tmp, out);
console.log(`${out}: ${page.charts.length} charts, ${page.cells.length} numbers`);
