// Prints the closing lines of `npm test` over every test tier's vitest JSON report: one line per tier,
// where the tests' figures and printed output went (test-output/), and last the whole run's count,
// "<passed> passed, <failed> failed, <skipped> skipped" (CI reads this line). A tier without a report
// (it crashed or never ran) counts as a failure. Exit 1 when anything failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const tiers = process.argv.slice(2);
const total = { passed: 0, failed: 0, skipped: 0 };
let missing = 0;
for (const tier of tiers) {
  const file = `test-output/vitest-${tier}.json`;
  if (!existsSync(file)) {
    console.log(`${tier}: no report (${file} was not written: the tier did not run to the end)`);
    missing += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`${tier}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
  total.passed += report.numPassedTests;
  total.failed += report.numFailedTests;
  total.skipped += skipped;
}

const lineCount = (file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
const figures = existsSync('test-output/figures') ? readdirSync('test-output/figures').sort() : [];
if (figures.length > 0) console.log(`Figures measured by the tests: test-output/figures/ (${figures.join(', ')})`);
const printed = tiers
  .map((tier) => `test-output/console-${tier}.log`)
  .filter((file) => existsSync(file))
  .map((file) => {
    const lines = lineCount(file);
    return `${file} (${lines} ${lines === 1 ? 'line' : 'lines'})`;
  });
if (printed.length > 0) console.log(`What the tests printed: ${printed.join(', ')}`);

console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 || missing > 0 ? 1 : 0;
