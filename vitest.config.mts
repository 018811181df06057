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

export default defineConfig({
  test: {
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
