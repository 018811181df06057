import { useCallback, useEffect, useRef, useState } from 'react';
import type { WhisperControlApi } from '../../app/ipc-contract';
import type { Roster, RosterResult } from '../../app/roster';

/** Every few seconds while the roster is on screen; a person needs no faster (protocol §1.9). */
export const ROSTER_REFRESH_MS = 5000;

/** Since when an agent is in its state, as this client knows it. */
export interface StateSince {
  readonly since: number;
  /**
   * False when the agent was already in that state at the first list this client saw: the real time
   * in state is at least this long ("≥"). True when a poll saw the change (known to one refresh).
   */
  readonly exact: boolean;
}

export interface RosterState {
  /** The last list received (kept when a refresh fails). */
  readonly roster: Roster | null;
  /** The last refresh's failure, or null when it succeeded. */
  readonly failure: Extract<RosterResult, { ok: false }> | null;
  /** Per work number: since when it is in its current state. */
  readonly since: ReadonlyMap<string, StateSince>;
  refresh(): Promise<void>;
}

/**
 * The roster while `visible` (its view shown and the window not hidden): fetched at once, then
 * every ROSTER_REFRESH_MS; on demand through refresh(). Nothing runs while it is not visible.
 */
export function useRoster(api: WhisperControlApi, visible: boolean): RosterState {
  const [roster, setRoster] = useState<Roster | null>(null);
  const [failure, setFailure] = useState<RosterState['failure']>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const seen = useRef(new Map<string, StateSince & { readonly status: string }>());

  const refresh = useCallback((): Promise<void> => {
    inFlight.current ??= (async () => {
      try {
        const result = await api.getRoster();
        if (result.ok) {
          noteStates(seen.current, result.roster);
          setRoster(result.roster);
          setFailure(null);
        } else setFailure(result);
      } catch (error) {
        setFailure({ ok: false, failure: { kind: 'network', code: error instanceof Error ? error.message.slice(0, 80) : 'ERR_IPC' } });
      } finally {
        inFlight.current = null;
      }
    })();
    return inFlight.current;
  }, [api]);

  useEffect(() => {
    if (!visible) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      if (document.visibilityState === 'visible') await refresh();
      if (!stopped) timer = setTimeout(() => void tick(), ROSTER_REFRESH_MS);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    void tick();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [visible, refresh]);

  return { roster, failure, since: seen.current, refresh };
}

/** Records, for each agent, when this client first saw it in its current state. */
function noteStates(seen: Map<string, StateSince & { readonly status: string }>, roster: Roster): void {
  for (const agent of roster.agents) {
    const before = seen.get(agent.workNo);
    if (!before) seen.set(agent.workNo, { status: agent.status, since: roster.fetchedAt, exact: false });
    else if (before.status !== agent.status) seen.set(agent.workNo, { status: agent.status, since: roster.fetchedAt, exact: true });
  }
}
