import type { WhisperControlApi } from '../../app/ipc-contract';

declare global {
  interface Window {
    /** Exposed by preload/index.ts through contextBridge. */
    readonly whisperControl: WhisperControlApi;
  }
}

export {};
