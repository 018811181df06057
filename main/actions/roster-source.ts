/**
 * The roster as every surface gets it: one gateway request at a time (a panel refresh and a tray
 * menu opening together share it) and the last good answer kept for the tray's Monitor submenu.
 * Nothing here runs on a timer: the panel asks while its roster is visible, the tray when its menu
 * opens (protocol §1.9: never poll it in the background).
 */
import { unexpectedFailure } from '../../app/failures';
import type { Notice } from '../../app/i18n/notice';
import type { Roster, RosterResult } from '../../app/roster';
import type { Logger } from '../log/logger';
import type { SessionPort } from './session-port';

export interface RosterSourceDeps {
  readonly session: () => SessionPort | null;
  readonly notConfiguredDetail: () => Notice;
  readonly logger: Logger;
}

export class RosterSource {
  private flight: Promise<RosterResult> | null = null;
  private lastGood: Roster | null = null;
  private lastSession: SessionPort | null = null;
  /** Bumped by forget(): a fetch that started before it must not bring the old list back. */
  private generation = 0;
  private readonly listeners = new Set<(roster: Roster) => void>();

  constructor(private readonly deps: RosterSourceDeps) {}

  /** The last roster fetched for the current session, or null (none yet, or another session since). */
  last(): Roster | null {
    return this.deps.session() === this.lastSession ? this.lastGood : null;
  }

  /** Each roster fetched (the tray rebuilds its menu with it; nothing is fetched for the listener). */
  onRoster(listener: (roster: Roster) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fetch(): Promise<RosterResult> {
    if (this.flight) return this.flight;
    const flight = this.run();
    this.flight = flight;
    void flight.finally(() => {
      if (this.flight === flight) this.flight = null;
    });
    return flight;
  }

  /** Sign-out or a new session: the list belongs to the one it was fetched for. */
  forget(): void {
    this.lastGood = null;
    this.lastSession = null;
    this.generation += 1;
  }

  private async run(): Promise<RosterResult> {
    const session = this.deps.session();
    if (!session) return { ok: false, failure: { kind: 'not-configured', detail: this.deps.notConfiguredDetail() } };
    const generation = this.generation;
    try {
      const result = await session.roster();
      if (result.ok && generation === this.generation) {
        this.lastGood = result.roster;
        this.lastSession = session;
        for (const listener of this.listeners) {
          try {
            listener(result.roster);
          } catch (error) {
            this.deps.logger.error('roster listener failed', { error: error instanceof Error ? error.name : 'unknown' });
          }
        }
      }
      return result;
    } catch (error) {
      this.deps.logger.error('roster fetch failed unexpectedly', { error: error instanceof Error ? error.name : 'unknown' });
      return { ok: false, failure: unexpectedFailure(error) };
    }
  }
}
