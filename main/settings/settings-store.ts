import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { joinNotices, joinProblems, noticeIn, type Notice } from '../../app/i18n/notice';
import { NOTICES, notice } from '../../app/i18n/notices';
import { VALIDATION_MESSAGES, validationText } from '../../app/i18n/validation';
import type { Settings, SettingsKey, SettingsView } from '../../app/settings';
import type { ForwardingPolicy } from '../audit/forwarding-policy';
import type { Logger } from '../log/logger';
import { watchNativePolicy, type NativePolicyWatch } from './native-policy';
import { loadPolicy, type AdminPolicy, type PolicyLoad } from './policy';
import type { NativeValues } from './policy-catalogue';
import { UPDATES_OFF, type UpdatesPolicy } from './updates-policy';
import { DEFAULT_SETTINGS, parsePartialSettings, parseSettings, problemAt, refusalsNotice, type SettingsError } from './schema';

export const SETTINGS_FILE = 'settings.json';

export type SaveResult = { ok: true; view: SettingsView } | { ok: false; errors: readonly SettingsError[] };

export interface SettingsStoreOptions {
  /** The app's user-data folder; the settings file lives directly in it. */
  userDataDir: string;
  /** Where the admin policy is read from; defaults to the per-OS location (policy.ts). */
  policyPath: string;
  logger: Logger;
  /** For the corrupt-file name; injectable for tests. */
  now?: () => Date;
  /**
   * Apply policy changes while running (docs/deployment.md §3): the policy file is checked every
   * `intervalMs` (default 2000), and the native store (Windows registry, macOS managed preferences)
   * is watched. Off when absent (tests that do not need it).
   */
  watchPolicy?: {
    readonly intervalMs?: number;
    /** The native store; defaults to native-policy.ts (Windows and macOS only). */
    readonly native?: (onChange: (values: NativeValues) => void) => NativePolicyWatch | null;
    /** How long `open` waits for the native store's first values; default 2000 ms. */
    readonly nativeFirstValuesTimeoutMs?: number;
  };
}

/**
 * Settings as the person sees them: built-in defaults, then the policy's defaults,
 * then the person's own choices (settings.json in the user-data folder), then the
 * policy's locked values. Only the person's choices are written, atomically
 * (temp file + rename) so a crash never leaves half a file. Passwords are never
 * part of Settings, and the schema refuses any key it does not know.
 */
export class SettingsStore {
  private user: Partial<Settings> = {};
  private effective: Settings = DEFAULT_SETTINGS;
  private fileNotice: Notice | null = null;
  private policy: AdminPolicy = { defaults: {}, locked: {} };
  private policyProblem: Notice | null = null;
  private readonly listeners = new Set<(view: SettingsView) => void>();
  private saving: Promise<void> = Promise.resolve();
  private native: NativeValues = {};
  private readonly watches: (() => void)[] = [];
  private closed = false;

  private constructor(private readonly options: SettingsStoreOptions) {}

  static async open(options: SettingsStoreOptions): Promise<SettingsStore> {
    const store = new SettingsStore(options);
    await store.load();
    if (options.watchPolicy) await store.watchPolicy(options.watchPolicy);
    return store;
  }

  /** Stops watching the policy. */
  close(): void {
    this.closed = true;
    for (const stop of this.watches.splice(0)) stop();
  }

  /** The admin policy's `updates` section (off unless the policy turns it on). */
  updatesPolicy(): UpdatesPolicy {
    return this.policy.updates ?? UPDATES_OFF;
  }

  /**
   * Starts watching; resolves once the native store's first values are applied (or after a short
   * wait for them), so what is read right after `open` — the locked gateway, `auditForwarding`,
   * `updates` — already includes the registry's or managed preferences' values.
   */
  private async watchPolicy(watch: NonNullable<SettingsStoreOptions['watchPolicy']>): Promise<void> {
    const file = this.options.policyPath;
    // Polling the file's status finds every way IT changes it: edited in place, replaced, created, deleted.
    // (A timer of our own: fs.watchFile can miss a deletion that follows a change closely.)
    const signature = () =>
      stat(file).then(
        (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
        (error: NodeJS.ErrnoException) => `absent:${error.code ?? ''}`,
      );
    // A file that reads invalid where it was valid may be half-written (IT saving it): that read is
    // held, and applied only if the next check still finds it invalid; marked so that check rereads.
    const HELD = 'held:';
    let last: Promise<string> = signature();
    const timer = setInterval(() => {
      last = last.then(async (before) => {
        const now = await signature();
        if (now === before) return now;
        const applied = await this.queueReload(!before.startsWith(HELD));
        return applied ? now : `${HELD}${now}`;
      });
    }, watch.intervalMs ?? 2000);
    timer.unref?.();
    this.watches.push(() => clearInterval(timer));
    // The native module delivers its values asynchronously (possibly before createWatcher returns).
    let firstApplied: ((applied: Promise<void>) => void) | null = null;
    const first = new Promise<Promise<void>>((resolve) => (firstApplied = resolve));
    const native = (watch.native ?? ((onChange) => watchNativePolicy(onChange, this.options.logger)))((values) => {
      this.native = values;
      const applied = this.reloadPolicy();
      firstApplied?.(applied);
      firstApplied = null;
    });
    if (!native) return;
    this.watches.push(() => native.dispose());
    const timeoutMs = watch.nativeFirstValuesTimeoutMs ?? 2000;
    let waiting: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (waiting = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([first.then((applied) => applied).then(() => 'applied' as const), timedOut]);
    clearTimeout(waiting);
    if (outcome === 'timeout') {
      this.options.logger.warn('native policy store gave no values at start; starting without them, they apply when they come', { waitedMs: timeoutMs });
    }
  }

  /** Reads the policy again and applies it at once; listeners hear of it when the view changed. */
  async reloadPolicy(): Promise<void> {
    await this.queueReload(false);
  }

  /** Resolves false when a newly invalid read was held (holdNewlyInvalid), true otherwise. */
  private queueReload(holdNewlyInvalid: boolean): Promise<boolean> {
    const done = this.saving.then(() => this.reloadPolicyNow(holdNewlyInvalid));
    this.saving = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  private async reloadPolicyNow(holdNewlyInvalid: boolean): Promise<boolean> {
    if (this.closed) return true;
    const load = await loadPolicy(this.options.policyPath, this.native);
    if (holdNewlyInvalid && load.status === 'invalid' && this.policyProblem === null) {
      this.options.logger.warn('admin policy reads invalid; applied if it still does at the next check', { problem: load.problem.en });
      return false;
    }
    const before = JSON.stringify(this.view());
    this.policy = { defaults: {}, locked: {} };
    this.policyProblem = null;
    this.applyPolicy(load);
    let merged = parseSettings(this.layer(withoutLocked(this.user, this.policy.locked)));
    if (!merged.ok) {
      this.failPolicyValues(merged.errors);
      merged = parseSettings({ ...DEFAULT_SETTINGS, ...this.user });
    }
    this.effective = merged.ok ? merged.settings : DEFAULT_SETTINGS;
    const view = this.view();
    if (JSON.stringify(view) === before) return true;
    this.options.logger.info('admin policy applied', { status: load.status, locked: view.locked.join(',') });
    for (const listener of this.listeners) listener(view);
    return true;
  }

  get filePath(): string {
    return join(this.options.userDataDir, SETTINGS_FILE);
  }

  settings(): Settings {
    return this.effective;
  }

  view(): SettingsView {
    return {
      settings: this.effective,
      locked: Object.keys(this.policy.locked) as SettingsKey[],
      notice: joinNotices(this.policyProblem, this.fileNotice),
    };
  }

  /** Where the admin policy forwards the audit trail; null when it does not (or is invalid). */
  forwardingPolicy(): ForwardingPolicy | null {
    return this.policy.auditForwarding ?? null;
  }

  /**
   * Non-null when the app must not contact any gateway: the admin policy is
   * invalid, so the configuration IT intended is unknown and nothing is guessed.
   */
  gatewayBlocked(): Notice | null {
    return this.policyProblem;
  }

  onChange(listener: (view: SettingsView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies the person's changes; a locked key with a different value is refused by name. */
  save(changes: unknown): Promise<SaveResult> {
    // One save at a time, so two quick saves cannot each start from the same old values.
    const result = this.saving.then(() => this.saveNow(changes));
    this.saving = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async saveNow(changes: unknown): Promise<SaveResult> {
    const parsed = parsePartialSettings(changes);
    if (!parsed.ok) return { ok: false, errors: parsed.errors };
    const lockedErrors = (Object.keys(parsed.settings) as SettingsKey[])
      .filter((key) => key in this.policy.locked && parsed.settings[key] !== this.policy.locked[key])
      .map((key) => {
        const text = validationText('settings.locked', { key });
        return { key, message: text.en, zh: text['zh-CN'] };
      });
    if (lockedErrors.length > 0) return { ok: false, errors: lockedErrors };

    const user = withoutLocked({ ...this.user, ...parsed.settings }, this.policy.locked);
    const merged = parseSettings(this.layer(user));
    if (!merged.ok) return { ok: false, errors: merged.errors };

    await this.writeAtomically(user);
    this.user = user;
    this.effective = merged.settings;
    this.fileNotice = null;
    this.options.logger.info('settings saved', { keys: Object.keys(parsed.settings).join(',') });
    const view = this.view();
    for (const listener of this.listeners) listener(view);
    return { ok: true, view };
  }

  private async load(): Promise<void> {
    const policy = await loadPolicy(this.options.policyPath, this.native);
    this.applyPolicy(policy);
    this.user = await this.readUserFile();

    let merged = parseSettings(this.layer(this.user));
    if (!merged.ok) {
      // The person's values no longer fit (e.g. a policy now locks a smaller agent-ID bound): drop those.
      const dropped = merged.errors.map((e) => e.key).filter((key) => key in this.user);
      this.user = Object.fromEntries(Object.entries(this.user).filter(([k]) => !dropped.includes(k))) as Partial<Settings>;
      if (dropped.length > 0) {
        const reasons = refusalsNotice(merged.errors);
        this.fileNotice = noticeIn((language) => NOTICES[language]['settings.reset']({ reasons: reasons[language] }));
      }
      merged = parseSettings(this.layer(this.user));
    }
    if (!merged.ok) {
      this.failPolicyValues(merged.errors);
      merged = parseSettings({ ...DEFAULT_SETTINGS, ...this.user });
    }
    this.effective = merged.ok ? merged.settings : DEFAULT_SETTINGS;
  }

  private applyPolicy(policy: PolicyLoad): void {
    if (policy.status === 'ok') this.policy = policy.policy;
    if (policy.status === 'invalid') this.failPolicy(policy.problem);
  }

  private failPolicy(problem: Notice): void {
    const path = this.options.policyPath;
    this.policy = { defaults: {}, locked: {} };
    this.policyProblem = noticeIn((language) => NOTICES[language]['settings.policyInvalid']({ path, problem: problem[language] }));
    this.options.logger.error('admin policy invalid, gateway access disabled', { path, problem: problem.en });
  }

  /** The policy's values, each valid, that do not fit together (or with the person's values). */
  private failPolicyValues(errors: readonly SettingsError[]): void {
    const reasons = refusalsNotice(errors);
    this.failPolicy(noticeIn((language) => VALIDATION_MESSAGES[language]['policy.valuesDoNotFit']({ reasons: reasons[language] })));
  }

  private layer(user: Partial<Settings>): Settings {
    return { ...DEFAULT_SETTINGS, ...this.policy.defaults, ...user, ...this.policy.locked };
  }

  private async readUserFile(): Promise<Partial<Settings>> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      this.fileNotice = notice('settings.unreadable', { code });
      return {};
    }
    let problem: Notice;
    try {
      const parsed = parsePartialSettings(JSON.parse(text));
      if (parsed.ok) return withoutLocked(parsed.settings, this.policy.locked);
      problem = joinProblems(parsed.errors.map((e) => problemAt(e.key, e.message, e.zh)));
    } catch (error) {
      problem = validationText('settings.notJson', { detail: (error as Error).message });
    }
    await this.moveAside(problem);
    return {};
  }

  /** A corrupt file is kept for IT under a dated name; the app starts on defaults. */
  private async moveAside(problem: Notice): Promise<void> {
    const stamp = (this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    const aside = join(this.options.userDataDir, `settings.corrupt-${stamp}.json`);
    try {
      await rename(this.filePath, aside);
      this.fileNotice = noticeIn((language) => NOTICES[language]['settings.movedAside']({ problem: problem[language], aside }));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      this.fileNotice = noticeIn((language) => NOTICES[language]['settings.notMovedAside']({ problem: problem[language], code }));
    }
    this.options.logger.warn('settings file damaged, defaults loaded', { file: this.filePath, aside, problem: problem.en });
  }

  private async writeAtomically(user: Partial<Settings>): Promise<void> {
    await mkdir(this.options.userDataDir, { recursive: true });
    const temp = join(this.options.userDataDir, `${SETTINGS_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(user, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, this.filePath);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}

function withoutLocked(values: Partial<Settings>, locked: Partial<Settings>): Partial<Settings> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !(key in locked))) as Partial<Settings>;
}
