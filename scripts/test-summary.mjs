// Prints the plain closing line CI reads ("N passed, N failed, N skipped")
// from vitest's JSON report, and fails when no test ran.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'build/vitest-results.json';
const r = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
if (r.numTotalTests === 0) {
  console.error('no test ran');
  process.exit(1);
}
