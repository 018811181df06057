/**
 * Runs in the page before the panel's scripts, standing in for preload/index.ts: it builds the REAL
 * bridge object with createWhisperControlApi (preload/api.ts) as `window.whisperControl`, over a
 * transport to the bridge host (scripts/preview/bridge-host.ts): a Playwright binding in the browser
 * tests (page-entry-binding.ts), token-checked HTTP in the preview (page-entry-http.ts).
 */
import type { EventChannel, RequestChannel } from '../../app/ipc-contract';
import { createWhisperControlApi } from '../../preload/api';

export type Invoke = (channel: RequestChannel, request: unknown) => Promise<unknown>;
export type Deliver = (channel: EventChannel, payload: unknown) => void;

/** Installs `window.whisperControl` calling `invoke`; returns what hands main's events to the page's listeners. */
export function installWhisperControl(invoke: Invoke): Deliver {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const api = createWhisperControlApi({
    invoke,
    subscribe: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  });
  Object.defineProperty(window, 'whisperControl', { value: api, enumerable: true });
  return (channel, payload) => {
    for (const listener of listeners.get(channel) ?? []) listener(payload);
  };
}
