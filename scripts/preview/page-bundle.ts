/**
 * Bundles a page bridge entry (and with it the real preload/api.ts) into one classic script, using the
 * project's own Vite: for Playwright's addInitScript (the browser tests) or served to the page (the preview).
 */
import path from 'node:path';
import { build, type Rollup } from 'vite';

const ENTRIES = {
  /** The browser tests: a Playwright binding. */
  binding: path.resolve(__dirname, 'page-entry-binding.ts'),
  /** `npm run preview`: HTTP to the bridge host, behind the printed token; adds the preview badge. */
  http: path.resolve(__dirname, 'page-entry-http.ts'),
} as const;

export type PageBridgeTransport = keyof typeof ENTRIES;

const bundled = new Map<PageBridgeTransport, Promise<string>>();

async function bundle(entry: string): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry, formats: ['iife'], name: 'whisperControlPageBridge' } },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const first = (Array.isArray(output) ? output[0] : output)?.output[0];
  if (!first || first.type !== 'chunk') throw new Error('page bridge: the bundle produced no script');
  return first.code;
}

export function pageBridgeScript(transport: PageBridgeTransport): Promise<string> {
  let script = bundled.get(transport);
  if (!script) bundled.set(transport, (script = bundle(ENTRIES[transport])));
  return script;
}
