/**
 * Owns keeping the OS in step with the settings: the global shortcuts (re-registered only when
 * they change, with a notice in the panel and a notification when the OS refuses one) and the
 * start-at-login item. The tray and panel are re-published by app-main.ts on the same change.
 */
import { noticeIn, type Notice } from '../../app/i18n/notice';
import type { Language } from '../../app/i18n/language';
import type { Logger } from '../log/logger';
import { applyStartAtLogin, type LoginItemDeps } from './login-item';
import { createShortcutManager, type ShortcutBindings, type ShortcutManagerDeps, type ShortcutReport } from '../surfaces/shortcuts';
import type { ShellServices } from './shell-services';
import { shellStrings } from '../../app/i18n/shell';

export interface SettingsSync {
  /** Registers the shortcuts from the current settings and follows every later change. */
  start(): void;
  /** Applies start at login as the settings have it now (at start, once the saved session was tried). */
  applyStartAtLogin(): void;
  dispose(): void;
}

export function createSettingsSync(deps: {
  readonly services: Pick<ShellServices, 'settings' | 'onSettings' | 'setShellNotice'>;
  readonly globalShortcut: ShortcutManagerDeps['globalShortcut'];
  /** What a shortcut press asks, and how its result is told (main/surfaces/shortcuts.ts). */
  readonly actions: ShortcutManagerDeps['actions'];
  readonly notifyResult: ShortcutManagerDeps['notify'];
  /** Shows a notification with this body. */
  readonly notify: (body: string) => void;
  readonly language: () => Language;
  readonly loginItem: LoginItemDeps;
  readonly logger: Logger;
}): SettingsSync {
  const { services, logger } = deps;
  const shortcuts = createShortcutManager({
    globalShortcut: deps.globalShortcut,
    actions: deps.actions,
    notify: deps.notifyResult,
    logger,
    onReport: (report) => {
      const notice = shortcutNotice(report);
      services.setShellNotice(notice);
      if (notice) deps.notify(notice[deps.language()]);
    },
  });
  const bindings = (): ShortcutBindings => ({ stop: services.settings().stopShortcut, backToListen: services.settings().backToListenShortcut });
  let applied = bindings();
  let startAtLogin = services.settings().startAtLogin;

  async function setStartAtLogin(enabled: boolean): Promise<void> {
    try {
      const outcome = await applyStartAtLogin(enabled, deps.loginItem);
      if (outcome === 'applied') logger.info('start at login applied', { enabled });
    } catch (error) {
      logger.warn('start at login could not be applied', { enabled, code: (error as NodeJS.ErrnoException).code ?? 'unknown' });
    }
  }

  return {
    start() {
      shortcuts.apply(applied);
      services.onSettings((view) => {
        const next = bindings();
        if (next.stop !== applied.stop || next.backToListen !== applied.backToListen) {
          applied = next;
          shortcuts.apply(next);
        }
        if (view.settings.startAtLogin !== startAtLogin) {
          startAtLogin = view.settings.startAtLogin;
          void setStartAtLogin(startAtLogin);
        }
      });
    },
    applyStartAtLogin: () => void setStartAtLogin(startAtLogin),
    dispose: () => shortcuts.dispose(),
  };
}

/** Every refused shortcut in one sentence per language, or null when all were registered. */
function shortcutNotice(report: ShortcutReport): Notice | null {
  if (report.failed.length === 0) return null;
  return noticeIn((language: Language) => {
    const s = shellStrings(language);
    return report.failed
      .map((f) =>
        s.shortcutFailed(
          f.accelerator,
          f.role === 'stop' ? s.shortcutPurposeStop : s.shortcutPurposeBackToListen,
          f.reason === 'taken' ? s.shortcutTaken : s.shortcutInvalid,
        ),
      )
      .join(language === 'zh-CN' ? '' : ' ');
  });
}
