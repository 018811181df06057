/**
 * Updates from the site's own feed (docs/deployment.md §10), with electron-updater's generic
 * provider: the feed URL, channel and on/off come from the admin policy's `updates` section
 * (updates-policy.ts), off by default. Off means no updater is even created, so no request is made.
 *
 * What electron-updater does: reads `<channel>.yml` (`latest.yml`, `latest-linux.yml`,
 * `latest-mac.yml`) from the feed, compares versions, downloads the installer and verifies its
 * sha512 against the .yml before it is ever run (a mismatch fails the download); on Windows it also
 * checks the installer's Authenticode signature against the running app's publisher.
 * What this file decides: when to check, and when to install — only while the inspector is not
 * monitoring anyone (app/monitoring.ts); a download finished mid-whisper waits for the whisper to end.
 */
import type { AppUpdater, UpdateInfo } from 'electron-updater';
import type { Logger } from '../log/logger';
import type { UpdatesPolicy } from '../settings/updates-policy';

/** What is used of electron-updater's AppUpdater (NsisUpdater, MacUpdater, AppImageUpdater, …). */
export type FeedUpdater = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'allowDowngrade' | 'setFeedURL' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall'>;

export interface SiteUpdatesOptions {
  readonly policy: UpdatesPolicy;
  /** Makes the platform's updater (Electron wiring: NsisUpdater on Windows, MacUpdater, AppImageUpdater). */
  readonly createUpdater: () => FeedUpdater;
  /** True while the inspector listens, whispers or is inserted (currentMonitoring(snapshot) !== null). */
  readonly monitoring: () => boolean;
  /** Told whenever the monitoring state may have changed (the session snapshot). */
  readonly onMonitoringChange: (listener: () => void) => () => void;
  readonly logger: Logger;
  /** Between checks; default 4 hours. The first check runs at start. */
  readonly intervalMs?: number;
}

export type CheckOutcome = { readonly kind: 'up-to-date' } | { readonly kind: 'downloaded'; readonly version: string } | { readonly kind: 'failed'; readonly code: string };

const DEFAULT_INTERVAL_MS = 4 * 60 * 60 * 1000;

export class SiteUpdates {
  private readonly updater: FeedUpdater;
  private readonly options: SiteUpdatesOptions;
  private timer: ReturnType<typeof setInterval> | null = null;
  private checking: Promise<CheckOutcome> | null = null;
  private ready: UpdateInfo | null = null;
  private installed = false;
  private readonly unsubscribe: () => void;

  private constructor(options: SiteUpdatesOptions & { policy: UpdatesPolicy & { url: string } }) {
    this.options = options;
    this.updater = options.createUpdater();
    // Downloads and installs are this file's decisions; a downgrade is never offered.
    this.updater.autoDownload = false;
    this.updater.autoInstallOnAppQuit = false;
    this.updater.allowDowngrade = false;
    this.updater.setFeedURL({ provider: 'generic', url: options.policy.url, channel: options.policy.channel });
    this.unsubscribe = options.onMonitoringChange(() => this.installWhenIdle());
  }

  /** Null when the policy leaves updates off (or names no feed): nothing is created and nothing is requested. */
  static start(options: SiteUpdatesOptions): SiteUpdates | null {
    const { policy } = options;
    if (!policy.enabled || policy.url === undefined) {
      options.logger.info('updates off by policy');
      return null;
    }
    const updates = new SiteUpdates({ ...options, policy: { ...policy, url: policy.url } });
    options.logger.info('updates from the site feed', { url: policy.url, channel: policy.channel });
    void updates.check();
    updates.timer = setInterval(() => void updates.check(), options.intervalMs ?? DEFAULT_INTERVAL_MS);
    updates.timer.unref?.();
    return updates;
  }

  /** Checks the feed and downloads a newer version (sha512-verified by electron-updater); installs when idle. */
  check(): Promise<CheckOutcome> {
    this.checking ??= this.checkNow().finally(() => (this.checking = null));
    return this.checking;
  }

  dispose(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe();
  }

  private async checkNow(): Promise<CheckOutcome> {
    try {
      const result = await this.updater.checkForUpdates();
      if (result === null || !result.isUpdateAvailable) return { kind: 'up-to-date' };
      await this.updater.downloadUpdate();
      this.ready = result.updateInfo;
      this.options.logger.info('update downloaded and verified', { version: result.updateInfo.version });
      this.installWhenIdle();
      return { kind: 'downloaded', version: result.updateInfo.version };
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? 'ERR_UPDATER');
      this.options.logger.warn('update check failed', { code, problem: (error as Error).message?.slice(0, 300) });
      return { kind: 'failed', code };
    }
  }

  /** Installs a downloaded update only while nobody is monitored; otherwise waits for the next change. */
  private installWhenIdle(): void {
    if (this.ready === null || this.installed) return;
    if (this.options.monitoring()) {
      this.options.logger.info('update waits: the inspector is monitoring', { version: this.ready.version });
      return;
    }
    this.installed = true;
    this.options.logger.info('installing update', { version: this.ready.version });
    // Silent, and the app starts again afterwards.
    this.updater.quitAndInstall(true, true);
  }
}
