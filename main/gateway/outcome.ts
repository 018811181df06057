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
   * Set when a stop, cancel-listen/insert or back-to-listen was answered "not whispering"
   * (900-004) or "not listening or inserting" (900-005) while another request of the same action
   * (the first, a retry, the hedge, the confirmation) may have reached the gateway and done it:
   * reported as done (docs/reliability.md, "Every request of an action"). The actions layer reads
   * this field alone; a stop naming an agent reconciled on 900-004 is confirmed there without the target.
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
