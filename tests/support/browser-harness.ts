/**
 * The browser tier's harness. The built panel (out/renderer) is served from loopback and
 * loaded in Debian's Chromium; the page gets the REAL preload API object
 * (preload/api.ts via scripts/preview/page-entry-binding.ts), whose IPC calls travel over
 * a Playwright binding into this process, to the bridge host (scripts/preview/bridge-host.ts,
 * shared with `npm run preview`): main's real ipcMain registration
 * (main/electron/ipc-registration.ts) hands them to the real handlers
 * (main/ipc/handlers.ts) over the real services (main/compose.ts), which talk HTTPS to
 * the real emulator. Events go back the way main sends them (createEventSender).
 *
 * Only two things stand in for Electron: the ipcMain object (a map of handle() listeners
 * fed by the binding, with the sending frame's URL and main-frame flag as senderFrame)
 * and the WebContents that receives events (page.evaluate into the bridge).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Settings } from '@app/settings';
import type { Emulator, EmulatorOptions, JournalEntry } from '@emulator/index';
import { GatewayClient } from '@main/gateway';
import type { SessionTuning } from '@main/session/session-host';
import { openBridgeHost, RENDERER_DIR, type BridgeHost } from '../../scripts/preview/bridge-host';
import { pageBridgeScript } from '../../scripts/preview/page-bundle';
import { MemorySecretStore } from '../node/vault/memory-secret-store';

export { RENDERER_DIR };
const ROOT = path.resolve(__dirname, '../..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-output', 'screenshots');
export const DEMO_PASSWORD = 'Inspect0r!';
export const INSPECTOR = '101';
export const DEMO_PHONE = '70101';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No built panel in ${RENDERER_DIR}: run \`npx electron-vite build\` first (npm run test:browser does).`);
  }
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** The panel window's size as main/electron/window.ts opens it, and the smallest page its minimum size leaves under a title bar. */
export const WINDOW_SIZE = { width: 460, height: 720 } as const;
export const MINIMUM_SIZE = { width: 380, height: 520 } as const;

export interface PanelOptions {
  /** What navigator.language reports (the panel follows it when settings.language is 'system'). */
  readonly locale?: string;
  readonly colorScheme?: 'light' | 'dark';
  /** An admin policy file (main/settings/policy.ts) for this run. */
  readonly policy?: { readonly defaults?: Partial<Settings>; readonly locked?: Partial<Settings>; readonly auditForwarding?: Readonly<Record<string, unknown>> };
  readonly emulator?: EmulatorOptions;
  readonly sessionTuning?: SessionTuning;
  /** Apply policy file changes while the panel is open, checked every `intervalMs` (as main does). */
  readonly watchPolicy?: { readonly intervalMs?: number };
  /** The page size (default: the window's opening size). */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Requests for these files fail from the first load on (a chunk that cannot be loaded). */
  readonly failRequests?: RegExp;
}

/** The bridge host's main side (emulator, services, policy file, log, opened folders) plus the page on it. */
export interface Panel extends Pick<BridgeHost, 'emulator' | 'services' | 'policyPath' | 'logLines' | 'openedFolders'> {
  readonly page: Page;
  /** Requests the emulator received whose path contains `pathPart` (e.g. 'requeststopwhisperagent'). */
  requests(pathPart: string): JournalEntry[];
  /** Saves the window as it is (its real size, nothing below the fold) and returns the file's path. */
  screenshot(name: string): Promise<string>;
  /** axe-core violations of impact moderate, serious or critical, as `id: selectors`. */
  axeViolations(): Promise<string[]>;
  /** CSP violations and uncaught errors the page reported. */
  pageProblems(): Promise<string[]>;
  close(): Promise<void>;
}

const PROBLEM_RECORDER = `
  window.__pageProblems = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__pageProblems.push('CSP ' + e.violatedDirective + ' blocked ' + e.blockedURI));
`;

export async function openPanel(browser: Browser, options: PanelOptions = {}): Promise<Panel> {
  const host = await openBridgeHost({
    secretStore: new MemorySecretStore(),
    policy: options.policy,
    emulator: { pollHoldMs: 300, ...options.emulator },
    sessionTuning: { pollHoldMs: 300, pollMarginMs: 2000, ...options.sessionTuning },
    ...(options.watchPolicy && { watchPolicy: options.watchPolicy }),
  });
  const { emulator } = host;

  const context: BrowserContext = await browser.newContext({
    viewport: { ...(options.viewport ?? WINDOW_SIZE) },
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
  });
  await context.exposeBinding('__whisperControlInvoke', ({ frame }, channel: string, request: unknown) =>
    host.invoke(channel, request, { url: frame.url(), isMainFrame: frame.parentFrame() === null }),
  );
  await context.addInitScript({ content: PROBLEM_RECORDER });
  await context.addInitScript({ content: await pageBridgeScript('binding') });
  const page = await context.newPage();
  const uncaught: string[] = [];
  page.on('pageerror', (error) => uncaught.push(`pageerror ${error.message}`));

  const detach = host.attach({
    url: () => page.url(),
    isClosed: () => page.isClosed(),
    deliver: (channel, payload) => {
      page
        .evaluate(([c, p]) => (window as unknown as { __whisperControlDeliver?: (c: string, p: unknown) => void }).__whisperControlDeliver?.(c, p), [channel, payload] as const)
        .catch(() => undefined); // the page is navigating or closed: it reads the state again when it loads
    },
  });

  if (options.failRequests) await page.route(options.failRequests, (route) => route.abort());
  await page.goto(`${host.url}/index.html`);
  await page.getByRole('heading', { level: 1 }).waitFor();

  return {
    page,
    emulator,
    services: host.services,
    policyPath: host.policyPath,
    logLines: host.logLines,
    openedFolders: host.openedFolders,
    requests: (pathPart) => emulator.journal.filter((entry) => entry.path.toLowerCase().includes(pathPart.toLowerCase())),
    async screenshot(name) {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      // Park the pointer so no hover state leaks into the picture.
      await page.mouse.move(0, (options.viewport ?? WINDOW_SIZE).height - 1);
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
      return file;
    },
    async axeViolations() {
      const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
      await page.evaluate(source);
      return page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
        const { violations } = await axe.run(document, { resultTypes: ['violations'] });
        return violations
          .filter((v) => v.impact === 'moderate' || v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
    },
    async pageProblems() {
      const recorded = await page.evaluate(() => (window as unknown as { __pageProblems: string[] }).__pageProblems);
      return [...recorded, ...uncaught];
    },
    async close() {
      detach();
      await context.close();
      await host.close();
    },
  };
}

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** A second CC-Gateway client (as the inspector's browser workbench would be), using the session's current Guid. */
/**
 * One Chromium per test file and a fresh panel per test: every panel is checked for CSP
 * violations and uncaught errors, then closed with its emulator and services.
 */
export function panelLifecycle(): { open(options?: PanelOptions): Promise<Panel> } {
  let browser: Browser | null = null;
  let panel: Panel | null = null;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const current = panel;
    panel = null;
    if (!current) return;
    try {
      expect(await current.pageProblems()).toEqual([]);
    } finally {
      await current.close();
    }
  });
  return {
    async open(options = {}) {
      if (!browser) throw new Error('panelLifecycle().open() runs inside a test, after beforeAll');
      panel = await openPanel(browser, options);
      return panel;
    },
  };
}

export function anotherClient(emulator: Emulator): GatewayClient {
  return new GatewayClient({ baseUrl: emulator.url, caPem: emulator.caPem });
}

/** Waits until `check` passes (polling every 25 ms), or rethrows its last failure after `timeoutMs`. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
