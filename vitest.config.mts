import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The same path aliases as tsconfig.json's "paths": tests import the tree they check by name. */
const at = (folder: string) => fileURLToPath(new URL(`./${folder}/`, import.meta.url));
const resolve = {
  alias: {
    '@app/': at('app'),
    '@main/': at('main'),
    '@emulator/': at('emulator'),
    '@preload/': at('preload'),
    '@renderer/': at('renderer'),
    '@bench/': at('bench'),
    '@support/': at('tests/support'),
  },
};

/**
 * Under `npm test` (scripts/test.sh sets WHISPER_TEST_CONSOLE_FILE) everything a test prints is kept in that
 * file, named by its test, and what it logs to stdout stays off the console, so the console shows progress,
 * warnings (why a test skipped) and the summary. A run of single files prints as usual.
 */
const consoleFile = process.env['WHISPER_TEST_CONSOLE_FILE'];
function onConsoleLog(log: string, type: 'stdout' | 'stderr', entity?: { fullName?: string; moduleId?: string }): false | undefined {
  if (!consoleFile) return undefined;
  mkdirSync(dirname(consoleFile), { recursive: true });
  const where = entity?.fullName ?? entity?.moduleId ?? '(outside a test)';
  appendFileSync(consoleFile, `[${type}] ${where}: ${log.endsWith('\n') ? log : `${log}\n`}`);
  return type === 'stdout' ? false : undefined;
}

export default defineConfig({
  test: {
    onConsoleLog,
    projects: [
      {
        resolve,
        test: {
          name: 'node',
          include: ['tests/node/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve,
        test: {
          name: 'electron',
          include: ['tests/electron/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
    ],
  },
});
