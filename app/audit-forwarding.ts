import type { Notice } from './i18n/notice';

/**
 * How the forwarding of the audit trail to the site's syslog collector is doing, as Settings
 * and the diagnostics bundle show it. Set only by the admin policy (docs/deployment.md).
 */
export interface ForwardingStatus {
  /** False when the admin policy does not forward the audit trail; every other field is then empty. */
  readonly configured: boolean;
  /** `host:port` of the collector. */
  readonly collector: string | null;
  /** 'tls' (verified with the site's CA) or 'tcp' (plain, only when the policy says so). */
  readonly transport: 'tls' | 'tcp' | null;
  readonly facility: string | null;
  readonly appName: string | null;
  /**
   * 'idle': everything delivered; 'sending': a delivery is under way; 'waiting': the last attempt
   * failed and the next one is scheduled (nextAttemptAt).
   */
  readonly state: 'off' | 'idle' | 'sending' | 'waiting';
  /** True when the last delivery to the collector succeeded (or one is under way on a live connection). */
  readonly connected: boolean;
  /** Records in the local audit trail the collector has not acknowledged yet. */
  readonly backlog: number;
  /** When the collector last acknowledged records (epoch ms), and the time of the newest record it has. */
  readonly lastDeliveredAt: number | null;
  readonly lastDeliveredRecordAt: number | null;
  readonly lastError: { readonly at: number; readonly code: string; readonly message: Notice } | null;
  readonly nextAttemptAt: number | null;
  /** Bytes of the local audit files, and the ceiling past which a warning shows (records are never deleted unsent). */
  readonly spoolBytes: number;
  readonly spoolCeilingBytes: number;
  readonly warning: Notice | null;
}

export const FORWARDING_OFF: ForwardingStatus = {
  configured: false,
  collector: null,
  transport: null,
  facility: null,
  appName: null,
  state: 'off',
  connected: false,
  backlog: 0,
  lastDeliveredAt: null,
  lastDeliveredRecordAt: null,
  lastError: null,
  nextAttemptAt: null,
  spoolBytes: 0,
  spoolCeilingBytes: 0,
  warning: null,
};
