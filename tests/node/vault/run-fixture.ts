import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/** Runs tests/node/vault/fixtures/session-process.ts in a new Node process through tsx. */
export function runSessionProcess(env: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      join(root, 'node_modules/.bin/tsx'),
      [join(__dirname, 'fixtures/session-process.ts')],
      { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`session process failed: ${error.message}\n${stderr}`));
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolvePromise(JSON.parse(line) as Record<string, unknown>);
        } catch {
          reject(new Error(`session process printed no report:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}
