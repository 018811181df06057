/**
 * Which agent a stop names: one rule for every surface (panel, tray, shortcut, reminder,
 * external trigger) and for back-to-listen, applied here and nowhere else. Surfaces only say
 * "stop, trigger X"; the panel may add an agent the person named (a roster row's or the target
 * field's Stop), since that person chose it on purpose.
 *
 * 1. While listening to or barging in on a known agent, the stop ends that with the
 *    cancel-listen/insert call on the monitored agent (requeststopwhisperagent ends only a
 *    whisper, protocol §1.2 / §1.6).
 * 2. Otherwise the whisper stop names the agent the person named, else the agent the session
 *    shows being monitored, else none (the gateway then stops whatever whisper there is).
 * 3. A named agent the gateway refuses because of the target (900-004, 000-002) is retried
 *    once without it (verified stop, whisper-actions.ts).
 * See docs/reliability.md, "Which agent a stop names".
 */
import type { SessionSnapshot } from '../../app/whisper';

export type StopPlan =
  /** Ends a listen or insert on this agent (protocol §1.6). */
  | { readonly kind: 'cancel-monitoring'; readonly workNo: string }
  /** Ends a whisper; `target` undefined sends none. */
  | { readonly kind: 'stop-whisper'; readonly target: string | undefined };

/** The agent a stop or back-to-listen names: the one named by the person, else the one monitored. */
export function stopTarget(named: string | undefined, snapshot: SessionSnapshot | null): string | undefined {
  return named ?? snapshot?.whisper?.target ?? undefined;
}

export function planStop(named: string | undefined, snapshot: SessionSnapshot): StopPlan {
  const monitoring = snapshot.whisper;
  if (monitoring && monitoring.target !== null && (monitoring.mode === 'listen' || monitoring.mode === 'insert')) {
    return { kind: 'cancel-monitoring', workNo: monitoring.target };
  }
  return { kind: 'stop-whisper', target: stopTarget(named, snapshot) };
}
