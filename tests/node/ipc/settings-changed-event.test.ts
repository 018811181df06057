/**
 * An admin policy applied while the panel is open reaches it: the real services watch the policy file
 * (main/settings/settings-store.ts), and the change goes out as `settings:changed` through main's own
 * event sender (main/electron/ipc-registration.ts), as the bridge host forwards it to the page.
 */
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SaveSettingsResult, SettingsView } from '@app/settings';
import { openBridgeHost, type BridgeHost } from '../../../scripts/preview/bridge-host';
import { MemorySecretStore } from '../vault/memory-secret-store';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(what: string, condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 1500 && !condition(); tries++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`never saw ${what}`);
}

async function openPanelSide(): Promise<{ host: BridgeHost; delivered: { channel: string; payload: unknown }[] }> {
  const page = await mkdtemp(path.join(tmpdir(), 'wc-settings-event-page-'));
  await writeFile(path.join(page, 'index.html'), '<!doctype html><title>panel</title>');
  cleanups.push(() => rm(page, { recursive: true, force: true }));
  const host = await openBridgeHost({ secretStore: new MemorySecretStore(), rendererDir: page, watchPolicy: { intervalMs: 20 } });
  cleanups.push(() => host.close());
  const delivered: { channel: string; payload: unknown }[] = [];
  host.attach({ url: () => `${host.url}/index.html`, isClosed: () => false, deliver: (channel, payload) => void delivered.push({ channel, payload }) });
  return { host, delivered };
}

const views = (delivered: readonly { channel: string; payload: unknown }[]) =>
  delivered.filter((event) => event.channel === 'settings:changed').map((event) => event.payload as SettingsView);

describe('settings:changed', () => {
  it('tells the panel the new values and locks when the policy file changes, and again when it goes', async () => {
    const { host, delivered } = await openPanelSide();
    const panel = { url: `${host.url}/index.html`, isMainFrame: true };
    expect(views(delivered)).toEqual([]);

    await writeFile(host.policyPath, JSON.stringify({ locked: { reminderAfterMinutes: 9, bargeGuard: true } }));
    await until('the lock sent', () => views(delivered).some((view) => view.locked.includes('reminderAfterMinutes')));
    const locked = views(delivered).at(-1)!;
    expect(locked.locked).toEqual(['reminderAfterMinutes', 'bargeGuard']);
    expect(locked.settings).toMatchObject({ reminderAfterMinutes: 9, bargeGuard: true });
    expect(locked).toEqual(await host.invoke('settings:get', {}, panel));
    // What the panel was told is what main enforces: a save of the locked key is refused by name.
    const refused = (await host.invoke('settings:save', { changes: { reminderAfterMinutes: 3 } }, panel)) as SaveSettingsResult;
    expect(refused.ok === false && refused.errors.map((error) => error.key)).toEqual(['reminderAfterMinutes']);

    await unlink(host.policyPath);
    await until('the lock lifted', () => views(delivered).at(-1)?.locked.length === 0);
    expect(views(delivered).at(-1)).toEqual(await host.invoke('settings:get', {}, panel));
  });

  it('sends the saved view after a save', async () => {
    const { host, delivered } = await openPanelSide();
    const panel = { url: `${host.url}/index.html`, isMainFrame: true };
    const saved = (await host.invoke('settings:save', { changes: { reminderAfterMinutes: 4 } }, panel)) as SaveSettingsResult;
    expect(saved.ok).toBe(true);
    expect(views(delivered).at(-1)).toEqual(saved.ok && saved.view);
  });
});
