/**
 * Binds the plain-Node IPC handlers (main/ipc/handlers.ts) to Electron. Each invoke hands the
 * handler who sent it — the sending frame's URL and whether it is a main frame — so the handler can
 * refuse anything but our own page (docs/security.md, "Validate the sender"). Events go only to our own page.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { REQUEST_CHANNELS, type EventChannel, type EventChannels } from '../../app/ipc-contract';
import type { IpcHandlers } from '../ipc/handlers';
import { isTrustedSender, type IpcSender, type TrustedSenderOptions } from '../ipc/sender';

/** A frame that navigated away or was destroyed has no senderFrame: it is trusted with nothing. */
export function senderOf(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): IpcSender {
  const frame = event.senderFrame;
  if (!frame) return { url: '', isMainFrame: false };
  return { url: frame.url, isMainFrame: frame.parent === null };
}

/** Registers one ipcMain.handle per contract channel; returns a function that removes them. */
export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: IpcHandlers): () => void {
  const missing = REQUEST_CHANNELS.filter((channel) => typeof handlers[channel] !== 'function');
  if (missing.length > 0) throw new Error(`IPC handlers missing for: ${missing.join(', ')}`);
  for (const channel of REQUEST_CHANNELS) {
    const handler = handlers[channel] as (request: unknown, sender: IpcSender) => Promise<unknown>;
    // Only the payload and the sender's identity cross into the handler: never the event object.
    ipcMain.handle(channel, (event, request: unknown) => handler(request, senderOf(event)));
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}

export type EventSender = <C extends EventChannel>(channel: C, payload: EventChannels[C]) => void;

/**
 * Sends an event to the panel when it exists and shows our own page. Before the panel is first
 * opened there is nobody to tell: the page asks for the state when it loads.
 */
export function createEventSender(target: () => WebContents | null, options: TrustedSenderOptions = {}): EventSender {
  return (channel, payload) => {
    const contents = target();
    if (!contents || contents.isDestroyed()) return;
    if (!isTrustedSender({ url: contents.getURL(), isMainFrame: true }, options)) return;
    contents.send(channel, payload);
  };
}
