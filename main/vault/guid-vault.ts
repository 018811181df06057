import type { Logger } from '../log/logger';
import type { Notice } from '../../app/i18n/notice';
import { NOTICES, notice } from '../../app/i18n/notices';

/**
 * The OS keychain seen through the three calls the vault needs. keytar implements
 * it today (keytar-store.ts); keytar is archived upstream, so replacing it means
 * writing one other file that satisfies this interface.
 */
export interface SecretStore {
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, value: string): Promise<void>;
  delete(service: string, account: string): Promise<boolean>;
}

export const VAULT_SERVICE = 'whisper-control';

/** How long rotations are gathered before one write: a burst of racing Set-GUIDs writes once. */
export const DEFAULT_COALESCE_MS = 30;

export const KEYCHAIN_NOTICE_PREFIX = NOTICES.en['keychain.notKept'];
export const KEYCHAIN_NOTICE_PREFIX_ZH = NOTICES['zh-CN']['keychain.notKept'];

/** One keychain entry per gateway and agent, so two gateways never share a Guid. */
export function vaultAccount(gatewayOrigin: string, agentId: string): string {
  return `${gatewayOrigin}#${agentId}`;
}

export interface GuidVaultOptions {
  service?: string;
  logger: Logger;
  coalesceMs?: number;
}

/**
 * Keeps the session Guid in the OS keychain so a restarted app can resume.
 * Requests never wait for it: the session holds the Guid in memory and hands
 * every rotation to `keep`, which returns at once and writes later. Keychain
 * operations run one after another, so a delete can never be overtaken by an
 * older write. When the keychain fails, the vault says so through `problem()`
 * and stops trying for this run; it never falls back to any other storage.
 */
export class GuidVault {
  private readonly service: string;
  private readonly logger: Logger;
  private readonly coalesceMs: number;
  private readonly pending = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private unavailable: Notice | null = null;
  private readonly problemListeners = new Set<(problem: Notice | null) => void>();

  constructor(
    private readonly store: SecretStore,
    options: GuidVaultOptions,
  ) {
    this.service = options.service ?? VAULT_SERVICE;
    this.logger = options.logger;
    this.coalesceMs = options.coalesceMs ?? DEFAULT_COALESCE_MS;
  }

  /** The sentence for the person when the keychain could not be used, else null. */
  problem(): Notice | null {
    return this.unavailable;
  }

  onProblem(listener: (problem: Notice | null) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  /** Reads the stored Guid once (for resume); null when none or the keychain is unavailable. */
  load(gatewayOrigin: string, agentId: string): Promise<string | null> {
    const account = vaultAccount(gatewayOrigin, agentId);
    return this.enqueue(async () => {
      if (this.unavailable) return null;
      try {
        return await this.store.get(this.service, account);
      } catch (error) {
        this.fail('read', error, null);
        return null;
      }
    });
  }

  /** Records the newest Guid; the keychain write happens shortly after, once per burst. */
  keep(gatewayOrigin: string, agentId: string, guid: string): void {
    if (this.unavailable) return;
    this.pending.set(vaultAccount(gatewayOrigin, agentId), guid);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.enqueue(() => this.writePending());
    }, this.coalesceMs);
  }

  /** Deletes the stored Guid (sign-out, expiry), dropping any write not yet made. */
  forget(gatewayOrigin: string, agentId: string): Promise<void> {
    const account = vaultAccount(gatewayOrigin, agentId);
    this.pending.delete(account);
    return this.enqueue(async () => {
      if (this.unavailable) return;
      try {
        await this.store.delete(this.service, account);
      } catch (error) {
        this.fail('delete', error, null);
      }
    });
  }

  /** Writes anything pending now and waits for every queued keychain operation. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    return this.enqueue(() => this.writePending());
  }

  private async writePending(): Promise<void> {
    for (const [account, guid] of [...this.pending]) {
      this.pending.delete(account);
      if (this.unavailable) return;
      try {
        await this.store.set(this.service, account, guid);
      } catch (error) {
        this.fail('write', error, guid);
      }
    }
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private fail(operation: 'read' | 'write' | 'delete', error: unknown, secret: string | null): void {
    let detail = error instanceof Error ? error.message : String(error);
    // A store could echo what it was given; the Guid must not reach the notice or the log.
    if (secret) detail = detail.split(secret).join('[redacted]');
    detail = detail.trim() || 'no reason given';
    this.pending.clear();
    this.unavailable = notice('keychain.unavailable', { detail });
    this.logger.warn('keychain unavailable, Guid kept in memory only', { operation, reason: detail });
    for (const listener of this.problemListeners) listener(this.unavailable);
  }
}
