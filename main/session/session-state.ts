/**
 * What a session shows the rest of the app: its phase, authentication mode, poll health, the
 * whisper and a notice, published as a SessionSnapshot to every listener when (and only when)
 * something in it changed.
 */
import { joinNotices, sameNotice, type Notice } from '../../app/i18n/notice';
import type { AuthMode, SessionPhase, SessionSnapshot, WhisperState } from '../../app/whisper';
import type { Logger } from '../log/logger';

export interface PublishedStateDeps {
  readonly gatewayOrigin: string;
  readonly agentId: string;
  readonly demo: boolean;
  readonly logger: Logger;
  /** A keychain problem the person must know about, joined to the session's own notice. */
  readonly vaultProblem: () => Notice | null;
  /** Told every snapshot before the listeners are. */
  readonly onPublish: (snapshot: SessionSnapshot) => void;
}

export class PublishedState {
  phase: SessionPhase = 'signed-out';
  /** null until known: a rotation proves dynamic, an old Guid that keeps working proves static. */
  authMode: AuthMode | null = null;
  pollFailures = 0;
  whisper: WhisperState | null = null;
  notice: Notice | null = null;
  private readonly listeners = new Set<(s: SessionSnapshot) => void>();
  private lastPublished: SessionSnapshot | null = null;

  constructor(private readonly deps: PublishedStateDeps) {}

  snapshot(): SessionSnapshot {
    return {
      phase: this.phase,
      gatewayUrl: this.deps.gatewayOrigin,
      agentId: this.deps.agentId,
      authMode: this.authMode,
      demo: this.deps.demo,
      pollFailures: this.pollFailures,
      whisper: this.whisper,
      notice: joinNotices(this.notice, this.deps.vaultProblem()),
    };
  }

  onChange(listener: (s: SessionSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Publishes the snapshot if it differs from the last one published. */
  publish(): void {
    const next = this.snapshot();
    const last = this.lastPublished;
    if (last && sameSnapshot(last, next)) return;
    this.lastPublished = next;
    this.deps.onPublish(next);
    for (const listener of this.listeners) {
      try {
        listener(next);
      } catch (error) {
        this.deps.logger.error('state listener failed', { reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  clearListeners(): void {
    this.listeners.clear();
  }
}

function sameSnapshot(a: SessionSnapshot, b: SessionSnapshot): boolean {
  return (
    a.phase === b.phase &&
    a.authMode === b.authMode &&
    a.pollFailures === b.pollFailures &&
    a.whisper === b.whisper &&
    sameNotice(a.notice, b.notice) &&
    a.demo === b.demo
  );
}
