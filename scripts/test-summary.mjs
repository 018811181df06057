// Prints one closing line over every test tier's vitest JSON report:
// "<passed> passed, <failed> failed, <skipped> skipped", so a reader of the log (or CI) sees the
// whole run's count at the end instead of the last tier's alone.
import { readFileSync } from 'node:fs';

const tiers = process.argv.slice(2);
const total = { passed: 0, failed: 0, skipped: 0 };
for (const tier of tiers) {
  const report = JSON.parse(readFileSync(`test-output/vitest-${tier}.json`, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`${tier}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests;
  total.skipped += skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 ? 1 : 0;
