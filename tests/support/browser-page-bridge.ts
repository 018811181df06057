/**
 * Bundles tests/browser/fixtures/page-bridge.ts (and with it the real preload/api.ts) into one
 * classic script for Playwright's addInitScript, using the project's own Vite.
 */
import path from 'node:path';
import { build, type Rollup } from 'vite';

const ENTRY = path.resolve(__dirname, '../browser/fixtures/page-bridge.ts');
let bundled: Promise<string> | null = null;

async function bundle(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: ENTRY, formats: ['iife'], name: 'whisperControlTestBridge' } },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const first = (Array.isArray(output) ? output[0] : output)?.output[0];
  if (!first || first.type !== 'chunk') throw new Error('page bridge: the bundle produced no script');
  return first.code;
}

export function pageBridgeScript(): Promise<string> {
  bundled ??= bundle();
  return bundled;
}
