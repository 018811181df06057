/**
 * The object the page sees as `window.whisperControl`. Pure: it knows nothing of
 * Electron, so the browser tests can run this exact code against the real main-side
 * handlers. Each method talks to exactly one channel; there is no generic invoke,
 * so the page cannot reach a channel the contract does not name.
 */
import type {
  EventChannel,
  EventChannels,
  RequestChannel,
  RequestOf,
  ResponseOf,
  WhisperControlApi,
} from '../app/ipc-contract';
import { isIpcRefusal } from '../app/ipc-refusal';

/** The two primitives the bridge needs from the transport; payloads only, never transport event objects. */
export interface IpcPort {
  invoke(channel: RequestChannel, request: unknown): Promise<unknown>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

export function createWhisperControlApi(ipc: IpcPort): WhisperControlApi {
  // Main validates every request and answers with the contract's response type, or, for
  // channels whose response cannot express a failure (plain reads), with an IpcRefusal:
  // that becomes a rejection so the page never mistakes it for data.
  async function call<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const response = await ipc.invoke(channel, request);
    if (isIpcRefusal(response)) throw new Error(`Whisper Control refused ${channel} (${response.refused}).`);
    return response as ResponseOf<C>;
  }

  function listen<C extends EventChannel>(channel: C, listener: (payload: EventChannels[C]) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError(`${channel}: the listener must be a function.`);
    // Wrapping guarantees the page's listener gets the payload and nothing else.
    const unsubscribe = ipc.subscribe(channel, (payload) => listener(payload as EventChannels[C]));
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      unsubscribe();
    };
  }

  const api: WhisperControlApi = {
    stopWhisper: (request = {}) => call('whisper:stop', request),
    startWhisper: (request) => call('whisper:start', request),
    switchWhisper: (request) => call('whisper:switch', request),
    backToListen: () => call('whisper:back-to-listen', {}),
    listen: (request) => call('whisper:listen', request),
    insert: (request) => call('whisper:insert', request),
    intercept: (request) => call('whisper:intercept', request),
    getRoster: () => call('roster:get', {}),
    getState: () => call('session:get-state', {}),
    onStateChanged: (listener) => listen('session:state-changed', listener),
    onHistoryChanged: (listener) => listen('history:changed', listener),
    signIn: (request) => call('session:sign-in', request),
    signOut: () => call('session:sign-out', {}),
    getSettings: () => call('settings:get', {}),
    onSettingsChanged: (listener) => listen('settings:changed', listener),
    saveSettings: (request) => call('settings:save', request),
    testConnection: (request = {}) => call('settings:test-connection', request),
    getHistory: () => call('history:get', {}),
    exportHistoryCsv: () => call('history:export-csv', {}),
    openLogsFolder: () => call('app:open-logs-folder', {}),
    exportDiagnostics: () => call('app:export-diagnostics', {}),
    getForwardingStatus: () => call('audit-forwarding:get-status', {}),
  };
  return Object.freeze(api);
}
