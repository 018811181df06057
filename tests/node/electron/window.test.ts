import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, WebContents } from 'electron';
import { createPanelWindow, hardenWebContents, panelWindowOptions } from '@main/electron/window';
import { FakeBrowserWindow, FakeWebContents } from './fake-electron';
import { testLogger } from './test-logger';

describe('panel window options', () => {
  it('sandboxes and isolates the renderer, with no Node, no webview and a preload', () => {
    const options = panelWindowOptions({ preloadPath: '/app/out/preload/index.js', title: 'Whisper Control' });
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.js',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.webPreferences).not.toHaveProperty('partition');
  });
});

describe('web contents hardening', () => {
  function hardened() {
    const contents = new FakeWebContents();
    const logger = testLogger();
    hardenWebContents(contents as unknown as WebContents, logger);
    return { contents, logger };
  }

  it('refuses every navigation, redirect and sub-frame navigation', () => {
    const { contents, logger } = hardened();
    for (const [event, details] of [
      ['will-navigate', { url: 'https://evil.example/phish?token=x', isMainFrame: true }],
      ['will-navigate', { url: 'app://whisper-control/other.html', isMainFrame: true }],
      ['will-frame-navigate', { url: 'https://evil.example/frame', isMainFrame: false }],
      ['will-redirect', { url: 'file:///etc/passwd', isMainFrame: true }],
    ] as const) {
      const preventDefault = vi.fn();
      contents.emit(event, { ...details, preventDefault });
      expect(preventDefault, `${event} ${details.url}`).toHaveBeenCalledTimes(1);
    }
    // Refusals are logged with scheme and host only, never the path or query.
    expect(logger.lines.some((l) => l.includes('https://evil.example'))).toBe(true);
    expect(logger.lines.join('\n')).not.toContain('token=x');
  });

  it('denies window.open and refuses <webview>', () => {
    const { contents } = hardened();
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://whisper-control/index.html' })).toEqual({ action: 'deny' });
    const preventDefault = vi.fn();
    contents.emit('will-attach-webview', { preventDefault }, {}, { src: 'https://example.com' });
    expect(preventDefault).toHaveBeenCalledTimes(1);
  });
});

describe('panel window lifecycle', () => {
  function panel(quitting = { value: false }) {
    const created: FakeBrowserWindow[] = [];
    const onCreated = vi.fn();
    const window = createPanelWindow({
      createWindow: (options) => {
        const w = new FakeBrowserWindow(options);
        created.push(w);
        return w as unknown as BrowserWindow;
      },
      options: panelWindowOptions({ preloadPath: '/p.js', title: 'W' }),
      url: 'app://whisper-control/index.html',
      isQuitting: () => quitting.value,
      logger: testLogger(),
      onCreated,
    });
    return { window, created, onCreated, quitting };
  }

  it('creates nothing until first shown, then one window that loads the panel and shows when ready', async () => {
    const { window, created, onCreated } = panel();
    expect(created).toHaveLength(0);
    expect(window.current()).toBeNull();
    window.show();
    expect(created).toHaveLength(1);
    expect(created[0]?.loadedUrls).toEqual(['app://whisper-control/index.html']);
    expect(onCreated).toHaveBeenCalledTimes(1);
    await Promise.resolve();
    expect(created[0]?.visible).toBe(true);
    window.show();
    expect(created).toHaveLength(1);
  });

  it('hides instead of closing, until the app is quitting', () => {
    const { window, created, quitting } = panel();
    window.show();
    const w = created[0] as FakeBrowserWindow;
    w.visible = true;
    expect(w.requestClose()).toBe(false);
    expect(w.visible).toBe(false);
    expect(window.current()).toBe(w);
    window.show();
    expect(created).toHaveLength(1);
    expect(w.visible).toBe(true);
    quitting.value = true;
    expect(w.requestClose()).toBe(true);
    expect(window.current()).toBeNull();
  });
});
