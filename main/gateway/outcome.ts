import type { CertificateInfo } from '../../app/certificate';
import type { Failure } from '../../app/failures';

interface OutcomeTiming {
  /** The Guid from a `Set-GUID: JSESSIONID=<guid>` header on this response, if any. */
  setGuid: string | null;
  /**
   * performance.now() when the response headers arrived, so a session can keep the newest Guid
   * when answers overlap. Calls that never got headers carry the time they ended.
   */
  headersAt: number;
  durationMs: number;
}

export interface Success<T> extends OutcomeTiming {
  ok: true;
  retcode: '0';
  message: string;
  result: T;
  /**
   * Set when the stop (or cancel-listen/insert) was hedged and the hedge was answered "not
   * whispering" (900-004) or "not listening or inserting" (900-005): the first request reached
   * the gateway and ended it, so this is reported as stopped (docs/reliability.md, "Hedged stop").
   */
  reconciled?: { retcode: string; message: string };
}

export interface FailureOutcome extends OutcomeTiming {
  ok: false;
  failure: Failure;
}

export type Outcome<T = unknown> = Success<T> | FailureOutcome;

export interface ConnectionTest {
  ok: boolean;
  /** The certificate the gateway presented (subject, issuer, fingerprint, expiry), when one was seen. */
  certificate: CertificateInfo | null;
  failure: Failure | null;
  durationMs: number;
}
