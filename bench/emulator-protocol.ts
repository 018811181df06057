/** Messages between the benchmark and its emulator child process (bench/emulator-host.ts). */

export type HostOperation =
  | 'currentGuid'
  | 'issuedGuids'
  | 'qcState'
  | 'lastRequestTo'
  | 'journalLength'
  | 'clearJournal'
  | 'injectFault'
  | 'clearFaults'
  | 'close';

export interface HostRequest {
  readonly id: number;
  readonly op: HostOperation;
  readonly args: readonly unknown[];
}

export type HostReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

export interface HostReady {
  readonly ready: true;
  readonly url: string;
  readonly caPem: string;
  readonly serverFingerprint256: string;
}
