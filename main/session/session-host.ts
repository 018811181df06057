/**
 * Owns the one live gateway client and inspector session, and the snapshot stream around them.
 *
 * Whenever a gateway setting changes, the host tears the pair down and builds a new one (signing
 * out first if the gateway or agent changes; resuming if the inspector was signed in). While the
 * inspector monitors anyone (listen, whisper, insert: currentMonitoring), EVERY rebuild waits until
 * the monitoring ends — a change of gateway or agent, a policy that blocks the gateway or turns
 * invalid for a moment alike — so the session is never signed out or replaced under a whisper and
 * Stop always has the session that started it (docs/deployment.md §3). With no usable gateway there is no
 * session: the host then publishes the signed-out fallback snapshot naming what is missing, and
 * `notConfiguredDetail()` tells the actions why. A notice from the desktop shell (a refused
 * shortcut) rides along on every snapshot until replaced.
 */
import { currentMonitoring, isSignedIn, isSignedInPhase } from '../../app/monitoring';
import { explainFailure } from '../../app/i18n/failure-explanations';
import { joinNotices, sameNotice, type Notice } from '../../app/i18n/notice';
import { notice } from '../../app/i18n/notices';
import type { Settings } from '../../app/settings';
import { SIGNED_OUT, type SessionSnapshot } from '../../app/whisper';
import type { GatewayClient } from '../gateway';
import type { Logger } from '../log/logger';
import { InspectorSession, type InspectorSessionDeps } from './session';
import type { GuidVault } from '../vault/guid-vault';
import { DEMO_INSPECTOR, type GatewayTargets } from './gateway-target';

export type SessionTuning = Partial<
  Pick<InspectorSessionDeps, 'pollIntervalMs' | 'pollHoldMs' | 'pollMarginMs' | 'pollBackoffInitialMs' | 'pollBackoffMaxMs' | 'lostAfterFailures' | 'lostAfterMs'>
>;

/** What trying the keychain's saved Guid at start came to. */
export type ResumeOutcome = 'resumed' | 'expired' | 'none' | 'not-configured';

/** Settings that shape the client or the session: changing any of them rebuilds both. */
const GATEWAY_KEYS = ['gatewayUrl', 'agentId', 'phoneNumber', 'caFile', 'certificatePin', 'certificatePins', 'requestTimeoutMs', 'agentIdUpperBound'] as const;

const STARTING: Notice = notice('gateway.starting');
const NO_AGENT_ID: Notice = notice('gateway.noAgentId');
const RECONFIGURING: Notice = notice('gateway.reconfiguring');

interface Wired {
  readonly key: string;
  readonly client: GatewayClient | null;
  readonly session: InspectorSession | null;
  readonly demo: boolean;
  readonly detail: Notice | null;
  readonly unsubscribe: () => void;
}

export interface SessionHostDeps {
  readonly settings: () => Settings;
  /** The admin policy's veto on any gateway; part of what decides whether to rebuild. */
  readonly gatewayBlocked: () => Notice | null;
  readonly targets: GatewayTargets;
  readonly vault: GuidVault;
  readonly logger: Logger;
  readonly now: () => number;
  /** Fed every published snapshot before any listener (the forgotten-whisper reminder). */
  readonly reminder: { update(snapshot: SessionSnapshot): void };
  readonly sessionTuning?: SessionTuning;
}

function gatewayKey(settings: Settings, blocked: Notice | null): string {
  return JSON.stringify([blocked?.en ?? null, ...GATEWAY_KEYS.map((key) => settings[key])]);
}

export class SessionHost {
  private wired: Wired = { key: '', client: null, session: null, demo: false, detail: STARTING, unsubscribe: () => undefined };
  private rebuilding: Promise<void> = Promise.resolve();
  private disposed = false;
  private rebuildAfterMonitoring = false;
  private shellNotice: Notice | null = null;
  private readonly listeners = new Set<(snapshot: SessionSnapshot) => void>();

  constructor(private readonly deps: SessionHostDeps) {}

  /** The live session, or null while no gateway is usable. */
  session(): InspectorSession | null {
    return this.wired.session;
  }

  /** Why there is no session (the actions answer 'not-configured' with it). */
  notConfiguredDetail(): Notice {
    return this.wired.detail ?? RECONFIGURING;
  }

  snapshot(): SessionSnapshot {
    return this.withShellNotice(this.wired.session ? this.wired.session.snapshot() : this.fallbackSnapshot());
  }

  onSnapshot(listener: (snapshot: SessionSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A notice from the desktop shell (a refused shortcut), shown with the session's until replaced; null clears it. */
  setShellNotice(notice: Notice | null): void {
    if (sameNotice(this.shellNotice, notice)) return;
    this.shellNotice = notice;
    this.publish(this.snapshot());
  }

  /** Queues a rebuild from the current settings; nothing changes when no gateway setting did. */
  rebuild(): Promise<void> {
    const run = this.rebuilding.then(() => this.rebuildNow());
    this.rebuilding = run.catch((error: unknown) => {
      this.deps.logger.error('gateway wiring rebuild failed', { error: error instanceof Error ? error.name : 'unknown' });
    });
    return this.rebuilding;
  }

  /** Resolves when a rebuild triggered by a settings change has finished. */
  settled(): Promise<void> {
    return this.rebuilding;
  }

  /** At start: tries the Guid kept in the keychain with one poll. */
  async resume(): Promise<ResumeOutcome> {
    await this.rebuilding;
    return this.wired.session ? this.wired.session.resume() : 'not-configured';
  }

  /** Shutdown, first half: no rebuild starts any more; resolves once the running one has finished. */
  async stopRebuilding(): Promise<void> {
    this.disposed = true;
    await this.rebuilding;
  }

  /** Shutdown, second half: the session stops polling and flushes, the client closes. */
  async dispose(): Promise<void> {
    await this.stopRebuilding();
    this.wired.unsubscribe();
    await this.wired.session?.dispose();
    this.wired.client?.close();
  }

  private fallbackSnapshot(): SessionSnapshot {
    const settings = this.deps.settings();
    const { demo, detail } = this.wired;
    return {
      ...SIGNED_OUT,
      gatewayUrl: settings.gatewayUrl ?? (demo ? this.deps.targets.demoUrl() : null),
      agentId: settings.agentId,
      demo,
      notice: detail ? explainFailure({ kind: 'not-configured', detail }) : null,
    };
  }

  private withShellNotice(current: SessionSnapshot): SessionSnapshot {
    return this.shellNotice === null ? current : { ...current, notice: joinNotices(current.notice, this.shellNotice) };
  }

  private publish(current: SessionSnapshot): void {
    this.deps.reminder.update(current);
    if (this.rebuildAfterMonitoring && currentMonitoring(current) === null) {
      this.rebuildAfterMonitoring = false;
      void this.rebuild();
    }
    for (const listener of this.listeners) {
      try {
        listener(current);
      } catch (error) {
        this.deps.logger.error('snapshot listener failed', { error: error instanceof Error ? error.name : 'unknown' });
      }
    }
  }

  private async teardown(previous: Wired, next: { origin: string | null; agentId: string | null }): Promise<void> {
    previous.unsubscribe();
    const session = previous.session;
    if (session) {
      const phase = session.snapshot().phase;
      const sameIdentity = next.origin === session.snapshot().gatewayUrl && next.agentId === session.snapshot().agentId;
      // Leaving this gateway or agent: sign out rather than leave a session for the gateway to time out.
      if (!sameIdentity && isSignedInPhase(phase)) await session.signOut();
      await session.dispose();
    }
    previous.client?.close();
  }

  /**
   * Never rebuild under a monitoring: a resumed session cannot know about it (the tray would stop
   * showing it and Stop would name nobody), and leaving the gateway would sign out mid-whisper.
   * publish() runs the rebuild once the monitoring ends, with the settings current then.
   */
  private holdWhileMonitoring(previous: Wired): boolean {
    const monitoring = currentMonitoring(previous.session?.snapshot());
    if (!monitoring) return false;
    this.rebuildAfterMonitoring = true;
    this.deps.logger.info('gateway settings change applies when the monitoring ends', { mode: monitoring.mode });
    return true;
  }

  private async rebuildNow(): Promise<void> {
    if (this.disposed) return;
    const { logger } = this.deps;
    const settings = this.deps.settings();
    const key = gatewayKey(settings, this.deps.gatewayBlocked());
    if (key === this.wired.key) return;
    const previous = this.wired;
    if (this.holdWhileMonitoring(previous)) return;
    const wasSignedIn = isSignedIn(previous.session?.snapshot());

    const target = await this.deps.targets.resolve(settings);
    const demo = target.ok && target.value.demo;
    const agentId = settings.agentId ?? (demo ? DEMO_INSPECTOR.agentId : null);
    const phoneNumber = settings.phoneNumber ?? (demo ? DEMO_INSPECTOR.phoneNumber : null);
    const origin = target.ok ? new URL(target.value.baseUrl).origin : null;
    // Again after the wait for the target: a whisper may have started meanwhile.
    if (this.holdWhileMonitoring(previous)) return;
    await this.teardown(previous, { origin, agentId });

    const unwired = (detail: Notice, demoMode: boolean): Wired => ({ key, client: null, session: null, demo: demoMode, detail, unsubscribe: () => undefined });
    let next: Wired;
    if (!target.ok) {
      next = unwired(target.detail, false);
    } else if (agentId === null) {
      next = unwired(NO_AGENT_ID, demo);
    } else {
      const client = this.deps.targets.client(target.value, settings);
      if (!client.ok) {
        next = unwired(client.detail, demo);
      } else {
        const session = new InspectorSession({
          client: client.value,
          vault: this.deps.vault,
          logger,
          gatewayOrigin: new URL(target.value.baseUrl).origin,
          agentId,
          phoneNumber,
          demo,
          now: this.deps.now,
          ...this.deps.sessionTuning,
        });
        const unsubscribe = session.onChange((snapshot) => this.publish(this.withShellNotice(snapshot)));
        next = { key, client: client.value, session, demo, detail: null, unsubscribe };
      }
    }
    this.wired = next;
    logger.info('gateway wiring rebuilt', { configured: next.session !== null, demo: next.demo, agentId });
    this.publish(this.snapshot());
    if (wasSignedIn && next.session) await next.session.resume();
  }
}
