/**
 * `npm run preview`: the real panel in any browser on this machine, without Electron (see
 * scripts/preview/preview-server.ts). Prints the URL to open; Ctrl+C stops it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RENDERER_DIR } from './preview/bridge-host';
import { startPreview } from './preview/preview-server';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    console.log('Usage: npm run preview [-- --port N]   (the real panel in a browser, on 127.0.0.1, without Electron)');
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${values.port}`);
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error('No built panel in out/renderer: run `npm run preview` (it builds first) or `npm run build`.');

  // The app's warnings and errors (already redacted by its logger) show here, as they would in its log file.
  const preview = await startPreview({
    port,
    logSink: { write: (level, line) => void ((level === 'warn' || level === 'error') && console.error(`[${level}] ${line}`)) },
  });
  console.log(
    [
      'Whisper Control preview: the real panel in a browser, wired to the main-side handlers and the embedded emulator.',
      `Open ${preview.pageUrl}`,
      'Sign in as inspector 101, password Inspect0r!, phone 70101; agents 1001-1003 are on calls (whisper to 1002).',
      `Embedded CC-Gateway emulator: ${preview.host.emulator.url}`,
      'Only this machine can reach it, and only with the token in that URL. Ctrl+C stops it.',
    ].join('\n'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    preview.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`npm run preview: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
