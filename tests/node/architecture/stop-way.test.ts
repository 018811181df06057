/**
 * The stop's way from the tray, counted from the call stack itself: when the gateway client's
 * stopWhisper is called, the frames between the tray menu's click and it are the whole way down
 * (every call before the first await runs on one synchronous stack). README's map counts the same.
 * Budget: at most 4 calls in at most 3 files from the click to GatewayClient.stopWhisper.
 */
import { relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '@app/ipc-contract';
import { shellStrings } from '@app/i18n/shell';
import { WhisperActions } from '@main/actions/whisper-actions';
import { createLogger, memoryLogSink } from '@main/log/logger';
import { trayMenuTemplate } from '@main/surfaces/tray';
import { registerIpcHandlers } from '@main/electron/ipc-registration';
import { createIpcHandlers, type IpcServices } from '@main/ipc/handlers';
import { PASSWORD, startRig, type Rig } from '../session/harness';

const root = resolve(__dirname, '../../..');

/** `file:function` for each frame of a V8 stack that lies in main/, innermost first. */
function mainFrames(stack: string): string[] {
  return stack
    .split('\n')
    .slice(1)
    .map((line) => /at (?:async )?(?:(\S+) \()?(?:file:\/\/)?([^():]+):\d+:\d+\)?$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ fn: m[1] ?? '<anonymous>', file: relative(root, m[2]!) }))
    .filter((frame) => frame.file.startsWith('main/'))
    .map((frame) => `${frame.file}:${frame.fn}`);
}

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
  expect((await rig.session.signIn(PASSWORD)).ok).toBe(true);
});
afterAll(async () => {
  await rig.close();
});

/** Records the call stack of the next GatewayClient.stopWhisper, and actions over the rig's session. */
function watchTheClient(): { stack: () => string; actions: WhisperActions } {
  let stack = '';
  const client = rig.client;
  const stopWhisper = client.stopWhisper.bind(client);
  client.stopWhisper = (...args: Parameters<typeof stopWhisper>) => {
    stack = new Error('where the stop came from').stack ?? '';
    return stopWhisper(...args);
  };
  const actions = new WhisperActions({
    session: () => rig.session,
    notConfiguredDetail: () => ({ en: 'none', 'zh-CN': '无' }),
    settings: () => ({ bargeGuard: true }),
    audit: { record: () => {} },
    logger: createLogger(memoryLogSink()),
  });
  return { stack: () => stack, actions };
}

describe('the stop from the tray to the gateway client', () => {
  it('takes the click, WhisperActions.stop and InspectorSession.stopWhisper: 4 calls in 3 files', async () => {
    const { stack: stackOf, actions } = watchTheClient();
    const told = new Promise<ActionResult>((notify) => {
      const shell = { notify, openPanel: () => {}, signIn: () => {}, openLogsFolder: () => {}, quit: () => {} };
      const stop = trayMenuTemplate(rig.session.snapshot(), shellStrings('en'), { ...shell, actions }).find((item) => item.id === 'stop')!;
      (stop.click as () => void)();
    });
    expect(await told).toMatchObject({ action: 'stop' });

    const frames = mainFrames(stackOf());
    // Innermost first: the session calls the client, the actions call the session, the click calls the actions.
    expect(frames.map((frame) => frame.split(':')[0])).toEqual(['main/session/session.ts', 'main/actions/whisper-actions.ts', 'main/surfaces/tray.ts']);
    expect(frames[0]).toMatch(/stopWhisper$/);
    expect(frames[1]).toMatch(/stop$/);
    // The click itself (called by Electron), then one call per frame: 4 calls to GatewayClient.stopWhisper, in 3 files.
    expect(1 + frames.length).toBeLessThanOrEqual(4);
    expect(new Set(frames.map((frame) => frame.split(':')[0])).size).toBeLessThanOrEqual(3);
  });
});

describe('the stop from the panel, in main', () => {
  it('takes the ipcMain listener, the handler, its channel entry, WhisperActions.stop and InspectorSession.stopWhisper', async () => {
    const { stack: stackOf, actions } = watchTheClient();
    const services = { logger: createLogger(memoryLogSink()), actions, agentIdUpperBound: () => 59999 } as unknown as IpcServices;
    const listeners = new Map<string, (event: unknown, request: unknown) => Promise<unknown>>();
    registerIpcHandlers({ handle: (channel: string, listener: never) => listeners.set(channel, listener), removeHandler: () => {} } as never, createIpcHandlers(services));
    const panelFrame = { senderFrame: { url: 'app://whisper-control/index.html', parent: null } };
    expect(await listeners.get('whisper:stop')!(panelFrame, {})).toMatchObject({ action: 'stop' });

    const files = mainFrames(stackOf()).map((frame) => frame.split(':')[0]);
    expect(files).toEqual(['main/session/session.ts', 'main/actions/whisper-actions.ts', 'main/ipc/handlers.ts', 'main/ipc/handlers.ts', 'main/electron/ipc-registration.ts']);
  });
});
