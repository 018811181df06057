/**
 * External triggers (hardware buttons, launchers, scripts): a second launch
 * with `--stop` / `--back-to-listen`, or a `whisper-control://stop` /
 * `whisper-control://back-to-listen` link. Exactly these are accepted; every
 * other argument or link is refused and logged, never executed.
 * The Electron wiring passes the second instance's user arguments (without the
 * executable and, in development, the app path) or the opened URL.
 */
import type { ActionResult } from '../../app/ipc-contract';
import type { Logger } from '../log/logger';
import type { WhisperActions } from './whisper-actions';

export type ExternalAction = 'stop' | 'back-to-listen';

export const EXTERNAL_TRIGGER_SCHEME = 'whisper-control';

export interface ExternalTriggerParse {
  /** The one action asked for, or null when none (or conflicting ones) were. */
  readonly action: ExternalAction | null;
  /** Inputs that were not accepted, shortened for the log. */
  readonly refused: readonly string[];
}

const ACCEPTED: Readonly<Record<string, ExternalAction>> = {
  '--stop': 'stop',
  '--back-to-listen': 'back-to-listen',
  [`${EXTERNAL_TRIGGER_SCHEME}://stop`]: 'stop',
  [`${EXTERNAL_TRIGGER_SCHEME}://back-to-listen`]: 'back-to-listen',
  // Windows and some desktop launchers hand a bare-host link over with one trailing slash.
  [`${EXTERNAL_TRIGGER_SCHEME}://stop/`]: 'stop',
  [`${EXTERNAL_TRIGGER_SCHEME}://back-to-listen/`]: 'back-to-listen',
};

const LOG_PREVIEW_CHARS = 80;

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : `<${typeof value}>`;
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > LOG_PREVIEW_CHARS ? `${printable.slice(0, LOG_PREVIEW_CHARS)}…` : printable;
}

export function parseExternalTrigger(input: readonly string[] | string): ExternalTriggerParse {
  const items: readonly unknown[] = typeof input === 'string' ? [input] : Array.isArray(input) ? input : [input];
  const actions = new Set<ExternalAction>();
  const refused: string[] = [];
  for (const item of items) {
    const action = typeof item === 'string' && Object.hasOwn(ACCEPTED, item) ? ACCEPTED[item] : undefined;
    if (action) actions.add(action);
    else refused.push(preview(item));
  }
  if (actions.size > 1) {
    return { action: null, refused: [...refused, 'conflicting triggers: --stop and --back-to-listen together'] };
  }
  const [action] = actions;
  return { action: action ?? null, refused };
}

/**
 * Parses, logs what was refused, and performs the accepted action through the
 * same single-flight path as the tray and shortcut. Resolves to the result to
 * show, or null when nothing was performed.
 */
export async function performExternalTrigger(
  input: readonly string[] | string,
  deps: { readonly actions: Pick<WhisperActions, 'stop' | 'backToListen'>; readonly logger: Logger },
): Promise<ActionResult | null> {
  const parsed = parseExternalTrigger(input);
  for (const item of parsed.refused) deps.logger.warn('external trigger refused', { input: item });
  if (!parsed.action) return null;
  deps.logger.info('external trigger accepted', { action: parsed.action });
  return parsed.action === 'stop' ? deps.actions.stop({ trigger: 'external' }) : deps.actions.backToListen({ trigger: 'external' });
}
