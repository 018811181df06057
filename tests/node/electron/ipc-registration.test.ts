import { describe, expect, it, vi } from 'vitest';
import { REQUEST_CHANNELS, type RequestChannel } from '@app/ipc-contract';
import { createEventSender, registerIpcHandlers, senderOf } from '@main/electron/ipc-registration';
import { createIpcHandlers, type IpcHandlers } from '@main/ipc/handlers';
import type { AppServices } from '@main/compose';
import { FakeIpcMain, FakeWebContents } from './fake-electron';
import { testLogger } from './test-logger';

const mainFrame = (url: string) => ({ senderFrame: { url, parent: null } });
const subFrame = (url: string) => ({ senderFrame: { url, parent: { url: 'app://whisper-control/index.html' } } });

function recordingHandlers() {
  const calls: { channel: RequestChannel; request: unknown; sender: unknown }[] = [];
  const handlers = Object.fromEntries(
    REQUEST_CHANNELS.map((channel) => [channel, async (request: unknown, sender: unknown) => (calls.push({ channel, request, sender }), { channel })]),
  ) as unknown as IpcHandlers;
  return { calls, handlers };
}

describe('IPC registration', () => {
  it('registers exactly the contract’s request channels with ipcMain.handle', () => {
    const ipcMain = new FakeIpcMain();
    registerIpcHandlers(ipcMain as never, recordingHandlers().handlers);
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it('passes the payload and the sending frame’s URL and main-frame flag, never the event', async () => {
    const ipcMain = new FakeIpcMain();
    const { calls, handlers } = recordingHandlers();
    registerIpcHandlers(ipcMain as never, handlers);
    const invoke = (channel: RequestChannel, event: unknown, request: unknown) => ipcMain.handlers.get(channel)?.(event, request);
    await invoke('whisper:stop', mainFrame('app://whisper-control/index.html'), { whisperAgentId: '1002' });
    await invoke('whisper:stop', subFrame('app://whisper-control/frame.html'), {});
    await invoke('session:get-state', { senderFrame: null }, {});
    expect(calls).toEqual([
      { channel: 'whisper:stop', request: { whisperAgentId: '1002' }, sender: { url: 'app://whisper-control/index.html', isMainFrame: true } },
      { channel: 'whisper:stop', request: {}, sender: { url: 'app://whisper-control/frame.html', isMainFrame: false } },
      { channel: 'session:get-state', request: {}, sender: { url: '', isMainFrame: false } },
    ]);
  });

  it('refuses to start with a handler missing, and removes every handler on dispose', () => {
    const ipcMain = new FakeIpcMain();
    const { handlers } = recordingHandlers();
    const incomplete = { ...handlers, 'whisper:stop': undefined } as unknown as IpcHandlers;
    expect(() => registerIpcHandlers(ipcMain as never, incomplete)).toThrow(/whisper:stop/);
    const dispose = registerIpcHandlers(ipcMain as never, handlers);
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('with the real handlers, a sub-frame or another origin cannot stop a whisper', async () => {
    const stop = vi.fn(async () => ({ ok: true, action: 'stop', target: null, retcode: '0', gatewayMessage: 'ok', durationMs: 1 }));
    const services = { logger: testLogger(), agentIdUpperBound: () => 59999, actions: { stop } } as unknown as AppServices;
    const ipcMain = new FakeIpcMain();
    registerIpcHandlers(ipcMain as never, createIpcHandlers(services));
    const invokeStop = (event: unknown) => ipcMain.handlers.get('whisper:stop')?.(event, {}) as Promise<{ ok: boolean }>;
    for (const event of [subFrame('app://whisper-control/index.html'), mainFrame('https://evil.example/'), mainFrame('file:///tmp/x.html'), { senderFrame: null }]) {
      expect((await invokeStop(event)).ok).toBe(false);
    }
    expect(stop).not.toHaveBeenCalled();
    expect((await invokeStop(mainFrame('app://whisper-control/index.html'))).ok).toBe(true);
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('maps a missing frame to an untrusted sender', () => {
    expect(senderOf({ senderFrame: null })).toEqual({ url: '', isMainFrame: false });
  });
});

describe('event sender', () => {
  it('sends to the panel only while it shows our own page', () => {
    const contents = new FakeWebContents();
    let target: FakeWebContents | null = null;
    const send = createEventSender(() => target as never);
    send('history:changed', []);
    target = contents;
    contents.mainFrame.url = 'app://whisper-control/index.html';
    send('history:changed', []);
    contents.mainFrame.url = 'https://evil.example/';
    send('history:changed', []);
    contents.mainFrame.url = 'app://whisper-control/index.html';
    contents.destroyed = true;
    send('history:changed', []);
    expect(contents.sent).toEqual([{ channel: 'history:changed', payload: [] }]);
  });
});
