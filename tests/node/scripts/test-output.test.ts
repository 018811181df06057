import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * What `npm test` shows: no alarming-but-harmless dbus-daemon line (scripts/in-keyring-session.sh), and a
 * summary that ends with the whole run's count, names where figures and printed output went, and counts a
 * tier that left no report as a failure (scripts/test-summary.mjs).
 */
const ROOT = path.resolve(__dirname, '../../..');
const SESSION = path.join(ROOT, 'scripts', 'in-keyring-session.sh');
const SUMMARY = path.join(ROOT, 'scripts', 'test-summary.mjs');
const FD_LIMIT_LINE = 'dbus-daemon[42]: [session uid=0 pid=42] org.freedesktop.DBus.Error.AccessDenied: Failed to set fd limit to 65536: Operation not permitted';
const ACTIVATION_LINES = [
  "dbus-daemon[42]: [session uid=0 pid=42] Activating service name='org.a11y.Bus' requested by ':1.7' (uid=0 pid=7 comm=\"chromium\")",
  "dbus-daemon[42]: [session uid=0 pid=42] Successfully activated service 'org.a11y.Bus'",
];
const hasRealSession = ['dbus-run-session', 'gnome-keyring-daemon'].every((command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0);

let scratch = '';
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = '';
});

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

const PROBE = ['sh', '-c', 'echo "keyring=$WHISPER_TEST_KEYRING"; echo "the command says so" >&2; exit 3'];

describe('scripts/in-keyring-session.sh', () => {
  it('drops the fd-limit line dbus-daemon prints in a container and its service-activation notes, keeps everything else, and returns the command status', async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'wc-session-'));
    // A stand-in session that says what dbus-daemon says in a container, then runs the command.
    writeFileSync(path.join(scratch, 'dbus-run-session'), `#!/bin/sh\necho '${FD_LIMIT_LINE}' >&2\necho 'dbus-daemon: another message' >&2\n${ACTIVATION_LINES.map((line) => `echo '${line.replace(/'/g, "'\\''")}' >&2\n`).join('')}shift\nexec "$@"\n`);
    writeFileSync(path.join(scratch, 'gnome-keyring-daemon'), '#!/bin/sh\ncat >/dev/null\n');
    writeFileSync(path.join(scratch, 'dbus-send'), '#!/bin/sh\nexit 0\n'); // the Secret Service is "there" at once
    for (const name of ['dbus-run-session', 'gnome-keyring-daemon', 'dbus-send']) chmodSync(path.join(scratch, name), 0o755);
    const out = await run('sh', [SESSION, ...PROBE], { env: { ...process.env, PATH: `${scratch}:${process.env['PATH']}` } });
    expect(out.status).toBe(3);
    expect(out.stdout).toBe('keyring=1\n');
    expect(out.stderr).toContain('the command says so');
    expect(out.stderr).toContain('dbus-daemon: another message');
    expect(out.stderr).not.toContain('Failed to set fd limit');
    expect(out.stderr).not.toContain('ctivat');
  });

  it.skipIf(!hasRealSession)('does so with the real dbus-run-session and gnome-keyring (skipped where they are not installed)', async () => {
    const out = await run('sh', [SESSION, ...PROBE]);
    expect(out.status).toBe(3);
    expect(out.stdout).toBe('keyring=1\n');
    expect(out.stderr).toContain('the command says so');
    expect(out.stderr).not.toContain('Failed to set fd limit');
  });

  it('is how scripts/test.sh starts its session, and the run routes printed output to test-output/', () => {
    const testSh = readFileSync(path.join(ROOT, 'scripts', 'test.sh'), 'utf8');
    expect(testSh).toContain('exec sh scripts/in-keyring-session.sh sh scripts/test.sh');
    expect(testSh).toContain('WHISPER_TEST_CONSOLE_FILE="test-output/console-$tier.log"');
  });
});

function report(passed: number, failed: number, pending: number) {
  return JSON.stringify({ numPassedTests: passed, numFailedTests: failed, numPendingTests: pending, numTodoTests: 0 });
}

describe('scripts/test-summary.mjs', () => {
  function workspace(reports: Record<string, string>, extra: Record<string, string> = {}): string {
    scratch = mkdtempSync(path.join(tmpdir(), 'wc-summary-'));
    mkdirSync(path.join(scratch, 'test-output', 'figures'), { recursive: true });
    for (const [tier, body] of Object.entries(reports)) writeFileSync(path.join(scratch, 'test-output', `vitest-${tier}.json`), body);
    for (const [file, body] of Object.entries(extra)) writeFileSync(path.join(scratch, 'test-output', file), body);
    return scratch;
  }

  it('ends with the whole run’s count and names where figures and printed output went', async () => {
    const cwd = workspace(
      { node: report(10, 0, 2), browser: report(5, 0, 0), electron: report(0, 0, 1) },
      { 'figures/ipc-fuzz.jsonl': '{}\n', 'figures/soak.jsonl': '{}\n', 'console-node.log': 'a\nb\n' },
    );
    const out = await run(process.execPath, [SUMMARY, 'node', 'browser', 'electron'], { cwd });
    const lines = out.stdout.trim().split('\n');
    expect(lines).toEqual([
      'node: 10 passed, 0 failed, 2 skipped',
      'browser: 5 passed, 0 failed, 0 skipped',
      'electron: 0 passed, 0 failed, 1 skipped',
      'Figures measured by the tests: test-output/figures/ (ipc-fuzz.jsonl, soak.jsonl)',
      'What the tests printed: test-output/console-node.log (2 lines)',
      '15 passed, 0 failed, 3 skipped',
    ]);
    expect(out.status).toBe(0);
  });

  it('fails the run when a test failed or a tier left no report', async () => {
    const failing = await run(process.execPath, [SUMMARY, 'node'], { cwd: workspace({ node: report(3, 1, 0) }) });
    expect(failing.stdout.trim().split('\n').at(-1)).toBe('3 passed, 1 failed, 0 skipped');
    expect(failing.status).toBe(1);
    rmSync(scratch, { recursive: true, force: true });

    const crashed = await run(process.execPath, [SUMMARY, 'node', 'browser'], { cwd: workspace({ node: report(3, 0, 0) }) });
    expect(crashed.stdout).toContain('browser: no report');
    expect(crashed.stdout.trim().split('\n').at(-1)).toBe('3 passed, 0 failed, 0 skipped');
    expect(crashed.status).toBe(1);
  });
});
