/**
 * Updates from the site feed, with the real electron-updater (generic provider, its download and
 * sha512 check) in plain Node against an HTTPS feed on 127.0.0.1. What Electron alone provides is
 * stood in for: the app adapter (version, cache folder) and the HTTP executor (Node's https with the
 * test CA, where the app uses Chromium's network stack). The updater class is AppImageUpdater, the
 * Linux one; installing is recorded, not run (quitAndInstall would replace this test's process).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import { AppImageUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateTestPki, type TestPki } from '@emulator/pki';
import { createLogger, memoryLogSink } from '@main/log/logger';
import { updatesPolicySchema } from '@main/settings/updates-policy';
import { SiteUpdates, type FeedUpdater } from '@main/updates/site-updates';

const ARTEFACT = 'whisper-control-0.2.0-x86_64.AppImage';
const GOOD = Buffer.alloc(256 * 1024, 7);

let pki: TestPki;
let dir: string;
let server: https.Server;
let feedUrl: string;
const requests: string[] = [];
let served = GOOD;
const cleanups: (() => void)[] = [];

/** electron-updater's ElectronHttpExecutor, with Node's https (and the test CA) where the app has Chromium's net. */
class LoopbackExecutor extends HttpExecutor<ReturnType<typeof https.request>> {
  createRequest(options: https.RequestOptions, callback: (response: unknown) => void) {
    return https.request({ ...options, ca: pki.caPem }, callback);
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (error) => (error == null ? resolve(destination) : reject(error)), responseHandler: null }, 0);
    });
  }
}

beforeAll(async () => {
  pki = generateTestPki();
  dir = await mkdtemp(path.join(tmpdir(), 'wc-updates-'));
  const sha512 = createHash('sha512').update(GOOD).digest('base64');
  const yml = `version: 0.2.0\nfiles:\n  - url: ${ARTEFACT}\n    sha512: ${sha512}\n    size: ${GOOD.length}\npath: ${ARTEFACT}\nsha512: ${sha512}\nreleaseDate: '2026-12-01T00:00:00.000Z'\n`;
  server = https.createServer({ key: pki.leaf.key, cert: pki.leaf.cert }, (req, res) => {
    const pathname = new URL(req.url ?? '/', 'https://127.0.0.1').pathname;
    requests.push(pathname);
    if (pathname === '/whisper-control/latest-linux.yml') res.end(yml);
    else if (pathname === `/whisper-control/${ARTEFACT}`) res.end(served);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/whisper-control/`;
  await writeFile(path.join(dir, 'app-update.yml'), 'provider: generic\nurl: https://updates.example.invalid/\nupdaterCacheDirName: whisper-control-updater\n');
  await writeFile(path.join(dir, 'old.AppImage'), 'old version');
  process.env['APPIMAGE'] = path.join(dir, 'old.AppImage');
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  requests.length = 0;
  served = GOOD;
});
afterAll(async () => {
  delete process.env['APPIMAGE'];
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

function appAdapter(cache: string): AppAdapter {
  return {
    version: '0.1.0',
    name: 'whisper-control',
    isPackaged: true,
    appUpdateConfigPath: path.join(dir, 'app-update.yml'),
    userDataPath: dir,
    baseCachePath: cache,
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
}

function harness(policy: unknown, monitoring = false) {
  const installs: [boolean | undefined, boolean | undefined][] = [];
  let created = 0;
  let watching = monitoring;
  const listeners = new Set<() => void>();
  const sink = memoryLogSink();
  const updates = SiteUpdates.start({
    policy: updatesPolicySchema.parse(policy),
    createUpdater: () => {
      created += 1;
      const updater = new AppImageUpdater(null, appAdapter(path.join(dir, `cache-${Math.random().toString(16).slice(2)}`)));
      (updater as unknown as { httpExecutor: HttpExecutor<never> }).httpExecutor = new LoopbackExecutor() as never;
      updater.disableDifferentialDownload = true;
      updater.logger = null;
      // Recorded instead of run: installing would end this process.
      updater.quitAndInstall = (silent?: boolean, runAfter?: boolean) => void installs.push([silent, runAfter]);
      return updater as FeedUpdater;
    },
    monitoring: () => watching,
    onMonitoringChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    logger: createLogger(sink),
    intervalMs: 24 * 60 * 60 * 1000,
  });
  if (updates) cleanups.push(() => updates.dispose());
  return {
    updates,
    installs,
    created: () => created,
    sink,
    setMonitoring(value: boolean) {
      watching = value;
      for (const listener of listeners) listener();
    },
  };
}

describe('updates from a site feed over HTTPS on loopback', () => {
  it('policy off (the default): no updater, not one request', async () => {
    const off = harness({});
    const offWithUrl = harness({ enabled: false, url: feedUrl });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(off.updates).toBeNull();
    expect(offWithUrl.updates).toBeNull();
    expect(off.created() + offWithUrl.created()).toBe(0);
    expect(requests).toEqual([]);
    expect(off.sink.lines.some((line) => line.includes('updates off by policy'))).toBe(true);
  });

  it('finds a newer version on the channel, downloads and verifies it, and installs silently when nobody is monitored', async () => {
    const on = harness({ enabled: true, url: feedUrl, channel: 'latest' });
    const outcome = await (on.updates as SiteUpdates).check();
    expect(outcome).toEqual({ kind: 'downloaded', version: '0.2.0' });
    expect(requests.some((url) => url.endsWith('/whisper-control/latest-linux.yml'))).toBe(true);
    expect(requests.some((url) => url.endsWith(`/whisper-control/${ARTEFACT}`))).toBe(true);
    expect(on.installs).toEqual([[true, true]]);
  });

  it('refuses a tampered installer (sha512 mismatch): nothing is installed', async () => {
    served = Buffer.alloc(GOOD.length, 8);
    const on = harness({ enabled: true, url: feedUrl });
    const outcome = await (on.updates as SiteUpdates).check();
    expect(outcome).toMatchObject({ kind: 'failed', code: 'ERR_CHECKSUM_MISMATCH' });
    expect(on.installs).toEqual([]);
    expect(on.sink.lines.some((line) => line.includes('update check failed') && line.includes('ERR_CHECKSUM_MISMATCH'))).toBe(true);
  });

  it('never installs while the inspector is monitoring; installs once the monitoring ends', async () => {
    const on = harness({ enabled: true, url: feedUrl }, true);
    expect(await (on.updates as SiteUpdates).check()).toEqual({ kind: 'downloaded', version: '0.2.0' });
    expect(on.installs).toEqual([]);
    on.setMonitoring(true);
    expect(on.installs).toEqual([]);
    on.setMonitoring(false);
    expect(on.installs).toEqual([[true, true]]);
    on.setMonitoring(false);
    expect(on.installs).toHaveLength(1);
  });

  it('the policy section is checked: an https feed is required when on', () => {
    expect(updatesPolicySchema.safeParse({ enabled: true }).success).toBe(false);
    expect(updatesPolicySchema.safeParse({ enabled: true, url: 'http://updates.example.internal/' }).success).toBe(false);
    expect(updatesPolicySchema.parse({})).toEqual({ enabled: false, channel: 'latest' });
  });
});
