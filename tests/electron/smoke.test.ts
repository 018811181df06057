/**
 * Real-Electron smoke test: launches the built app with Playwright's `_electron`, opens the panel
 * the way a second launch does, and stops a whisper on the embedded demo gateway through the real
 * preload, IPC and services. Where no Electron binary exists (no download possible, as on the team's
 * build machines) it is skipped with the reason printed — it never tries to download one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

type Availability = { ok: true; executable: string } | { ok: false; reason: string };

/**
 * Mirrors how the `electron` package finds its binary (ELECTRON_OVERRIDE_DIST_PATH, or path.txt
 * under dist/) without requiring it: requiring it starts a download when the binary is missing.
 */
function electronAvailability(): Availability {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const executable = override ? join(override, relative ?? 'electron') : relative ? join(pkg, 'dist', relative) : null;
  if (!executable) return { ok: false, reason: `${pathFile} is missing: the binary was never downloaded (the electron package fetches it on first load, which needs the network; \`npm start\` once on a connected machine does it)` };
  if (!existsSync(executable)) return { ok: false, reason: `${executable} does not exist` };
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    return { ok: false, reason: 'no DISPLAY or WAYLAND_DISPLAY: run under xvfb-run to smoke-test on a headless Linux machine' };
  }
  return { ok: true, executable };
}

const availability = electronAvailability();
if (!availability.ok) {
  console.warn(`[tests/electron] Electron binary not available on this machine (${availability.reason}); the real-Electron smoke test is skipped.`);
}
const smoke = availability.ok ? it : it.skip;
const title = availability.ok
  ? 'starts to the tray with no window, opens the sandboxed panel on a second launch, and stops a whisper on the demo gateway'
  : `skipped: Electron binary not available on this machine (${availability.reason})`;

let app: ElectronApplication | null = null;
let userData: string | null = null;

afterAll(async () => {
  await app?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

describe('real Electron', () => {
  smoke(title, async () => {
    if (!availability.ok) return;
    if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
      execFileSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
    }
    userData = mkdtempSync(join(tmpdir(), 'wc-smoke-'));
    app = await _electron.launch({
      executablePath: availability.executable,
      args: [root, '--demo', `--user-data-dir=${userData}`],
      cwd: root,
      timeout: 60_000,
    });

    // Lean start: the tray is up and no window exists until the panel is asked for.
    await new Promise((r) => setTimeout(r, 1500));
    expect(app.windows()).toHaveLength(0);

    // A second launch with no arguments opens the panel.
    const windowOpened = app.waitForEvent('window');
    await app.evaluate(({ app: electronApp }) => {
      electronApp.emit('second-instance', {}, [process.execPath], process.cwd());
    });
    const page = await windowOpened;
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe('app://whisper-control/index.html');

    // The page is sandboxed and isolated: no Node, only the narrow bridge.
    const surface = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as unknown as { whisperControl: object }).whisperControl).sort(),
    }));
    expect(surface.require).toBe('undefined');
    expect(surface.process).toBe('undefined');
    expect(surface.bridge).toContain('stopWhisper');

    // Sign in as the demo inspector, whisper to 1002, stop.
    const results = await page.evaluate(async () => {
      const api = (globalThis as unknown as { whisperControl: import('@app/ipc-contract').WhisperControlApi }).whisperControl;
      const signIn = await api.signIn({ password: 'Inspect0r!' });
      const start = await api.startWhisper({ whisperAgentId: '1002' });
      const stop = await api.stopWhisper();
      const state = await api.getState();
      return { signIn: signIn.ok, start: start.ok, stop: stop.ok, whisper: state.whisper, demo: state.demo };
    });
    expect(results).toEqual({ signIn: true, start: true, stop: true, whisper: null, demo: true });

    // Closing the window hides it: the app keeps running in the tray.
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    const alive = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()));
    expect(alive).toEqual([false]);
  });
});
