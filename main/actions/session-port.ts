/**
 * What the actions need from the inspector session (main/session/session.ts
 * InspectorSession satisfies it structurally). Keeping it this narrow lets the
 * composition root swap the session when gateway settings change.
 */
import type { ActionResult } from '../../app/ipc-contract';
import type { RosterResult } from '../../app/roster';
import type { SessionSnapshot, WhisperMode } from '../../app/whisper';

export interface SessionPort {
  snapshot(): SessionSnapshot;
  signIn(password: string, opts?: { force?: boolean }): Promise<ActionResult>;
  signOut(): Promise<ActionResult>;
  stopWhisper(target?: string): Promise<ActionResult>;
  cancelListenOrInsert(workNo: string): Promise<ActionResult>;
  startWhisper(target: string): Promise<ActionResult>;
  switchMode(mode: WhisperMode, target?: string): Promise<ActionResult>;
  startMonitoring(mode: 'listen' | 'insert', target: string): Promise<ActionResult>;
  intercept(target: string): Promise<ActionResult>;
  roster(): Promise<RosterResult>;
}
