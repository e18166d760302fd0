// Prints vitest's JSON report as the plain "N passed, N failed" line that CI reads,
// and exits non-zero when anything failed or no report was written.
import { readFileSync } from 'node:fs';

const reportPath = process.argv[2] ?? '.vitest-report.json';
let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  console.error(`test-summary: no vitest report at ${reportPath}`);
  process.exit(1);
}
const passed = report.numPassedTests;
// A file that fails to load fails no test but fails the run: count it once.
const failed = report.numFailedTests || (report.success ? 0 : 1);
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
process.exit(failed === 0 && report.success ? 0 : 1);
