/**
 * What the actions need from the inspector session (main/session/session.ts
 * InspectorSession satisfies it structurally). Keeping it this narrow lets the
 * composition root swap the session when gateway settings change. The session answers in
 * domain terms (SessionResult); the actions shape the ActionResult the surfaces see.
 */
import type { RosterResult } from '../../app/roster';
import type { SessionSnapshot, WhisperMode } from '../../app/whisper';
import type { SessionResult } from '../session/session-result';

export type { SessionResult } from '../session/session-result';

export interface SessionPort {
  snapshot(): SessionSnapshot;
  signIn(password: string, opts?: { force?: boolean }): Promise<SessionResult>;
  signOut(): Promise<SessionResult>;
  stopWhisper(target?: string): Promise<SessionResult>;
  cancelListenOrInsert(workNo: string): Promise<SessionResult>;
  startWhisper(target: string): Promise<SessionResult>;
  switchMode(mode: WhisperMode, target?: string): Promise<SessionResult>;
  startMonitoring(mode: 'listen' | 'insert', target: string): Promise<SessionResult>;
  intercept(target: string): Promise<SessionResult>;
  roster(): Promise<RosterResult>;
}
