/**
 * Where the figures a test measures go: not the console (where `npm test` shows progress and the summary)
 * but test-output/figures/<name>.jsonl, one JSON line per record with the test's name and the time.
 * scripts/test-summary.mjs names the files written. Figures are for reading, never asserted here.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

export const FIGURES_DIR = path.resolve(__dirname, '../../test-output/figures');

export function recordFigures(name: string, figures: unknown): string {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const file = path.join(FIGURES_DIR, `${name}.jsonl`);
  const test = expect.getState().currentTestName ?? null;
  appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), test, figures })}\n`);
  return file;
}
