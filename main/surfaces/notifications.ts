/**
 * OS notifications: the outcome of a stop the person could not see happen (tray, shortcut,
 * external trigger, reminder), and the forgotten-whisper reminder with a Stop action.
 * The words are pure functions; only `show*` touch Electron.
 */
import type { Notification, NotificationConstructorOptions } from 'electron';
import { describeFailure } from '../../app/i18n/failure-explanations';
import type { ActionResult } from '../../app/ipc-contract';
import type { Language } from '../../app/i18n/language';
import type { Logger } from '../log/logger';
import type { InspectorActions } from '../actions/whisper-actions';
import { formatElapsed, type ShellStrings } from '../../app/i18n/shell';

export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

export function actionResultText(result: ActionResult, strings: ShellStrings, language: Language): NotificationText {
  if (result.ok) {
    const done = strings.actionSucceeded(result.action, result.target, result.ended && strings[`stopDone.${result.ended}`]);
    const retried = result.retriedWithoutTarget && result.target ? ` ${strings.retriedWithoutTarget(result.target)}` : '';
    return { title: strings.appName, body: `${done}${overridden(result, strings)}${retried}${result.reconciled ? ` ${strings.reconciled}` : ''}` };
  }
  const code = result.failure.kind === 'retcode' ? ` [${result.failure.retcode}]` : '';
  return { title: strings.actionFailedTitle(result.action), body: `${describeFailure(result.failure, language)}${code}${overridden(result, strings)}` };
}

function overridden(result: ActionResult, strings: ShellStrings): string {
  return result.overridden && result.target ? ` ${strings.stopOverridden(result.overridden, result.target)}` : '';
}

export function reminderText(target: string | null, elapsedMs: number, strings: ShellStrings): NotificationText {
  return { title: strings.appName, body: strings.reminder(target, formatElapsed(elapsedMs)) };
}

export interface NotifierDeps {
  readonly createNotification: (options: NotificationConstructorOptions) => Notification;
  readonly isSupported: () => boolean;
  readonly strings: () => ShellStrings;
  readonly language: () => Language;
  readonly logger: Logger;
  /** Clicking a notification opens the panel, where the details and the Stop button are. */
  readonly openPanel: () => void;
}

export interface ReminderRequest {
  readonly target: string | null;
  readonly elapsedMs: number;
  /** The reminder's Stop asks the inspector actions directly, as every surface does. */
  readonly actions: Pick<InspectorActions, 'stop'>;
}

export interface Notifier {
  actionResult(result: ActionResult): void;
  reminder(request: ReminderRequest): void;
  /** Something the person must know that is not an action's result (a shortcut the OS refused). */
  notice(body: string): void;
}

export function createNotifier(deps: NotifierDeps): Notifier {
  // Electron drops the events of a notification that has been garbage-collected: keep the live ones.
  const live = new Set<Notification>();

  function show(options: NotificationConstructorOptions, wire?: (n: Notification) => void): void {
    if (!deps.isSupported()) {
      deps.logger.info('notification not shown: not supported on this desktop');
      return;
    }
    const notification = deps.createNotification(options);
    live.add(notification);
    notification.on('click', () => deps.openPanel());
    notification.on('close', () => live.delete(notification));
    wire?.(notification);
    notification.show();
  }

  const notifier: Notifier = {
    actionResult(result) {
      show(actionResultText(result, deps.strings(), deps.language()));
    },
    notice(body) {
      show({ title: deps.strings().appName, body });
    },
    reminder(request) {
      const strings = deps.strings();
      // Action buttons exist on macOS and Windows; elsewhere the click opens the panel's Stop button.
      show(
        { ...reminderText(request.target, request.elapsedMs, strings), actions: [{ type: 'button', text: strings.reminderStop }], timeoutType: 'never' },
        (n) =>
          n.on('action', (details) => {
            if (details.actionIndex === 0) void request.actions.stop({ trigger: 'reminder' }).then(notifier.actionResult);
          }),
      );
    },
  };
  return notifier;
}
