/**
 * Preload wiring. Runs with sandbox: true, so it imports only `electron` (no node
 * builtins); electron-vite bundles ./api into this one file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createWhisperControlApi } from './api';

contextBridge.exposeInMainWorld(
  'whisperControl',
  createWhisperControlApi({
    invoke: (channel, request) => ipcRenderer.invoke(channel, request),
    subscribe: (channel, listener) => {
      // The IpcRendererEvent carries `sender` (the ipcRenderer itself): it must never reach the page.
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  }),
);
