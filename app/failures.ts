import type { AgentIdField, AgentIdProblem } from './agent-id';
import type { Notice } from './i18n/notice';

/**
 * Every way a gateway call can fail, as plain data that crosses IPC.
 * `describeFailure` (i18n/failure-explanations.ts) turns one into words in either language.
 */
export type Failure =
  /** `zh`: the same sentence in Simplified Chinese, where main words one (else the panel shows `message`). */
  | { kind: 'validation'; field: string; problem: AgentIdProblem | 'invalid'; message: string; zh?: string }
  | { kind: 'retcode'; retcode: string; gatewayMessage: string }
  | { kind: 'http-status'; status: number }
  | { kind: 'not-json'; contentType: string | null }
  | { kind: 'bad-shape'; detail: string }
  | { kind: 'too-large'; limitBytes: number }
  | { kind: 'connection-refused' }
  | { kind: 'connection-reset' }
  /** No connection within the deadline, or the network says the host cannot be reached (`code`: the OS or undici code). */
  | { kind: 'unreachable'; code: string }
  /** The gateway answered, but not in HTTP/1.1 an HTTP parser accepts (`reason`: the parser's, such as "Expected LF after CR"). */
  | { kind: 'not-http'; reason: string }
  | { kind: 'dns'; host: string }
  | { kind: 'tls-untrusted'; subject: string; fingerprint256: string }
  | { kind: 'tls-pin-mismatch'; subject: string; fingerprint256: string }
  | { kind: 'tls-hostname'; host: string; subject: string }
  | { kind: 'tls-expired'; subject: string; validTo: string }
  | { kind: 'tls-other'; code: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'network'; code: string }
  /**
   * Whisper Control itself failed (a thrown error no layer expected), not the network or the gateway:
   * `code` is the error's own code when it has one, bounded; never its message.
   */
  | { kind: 'internal'; code: string }
  | { kind: 'not-signed-in' }
  /** A stop could not be sent because the gateway session is gone: the whisper may still be running there. */
  | { kind: 'whisper-may-continue'; retcode: string | null }
  /** What to set up, in every panel language (a detail may name a path or an OS error code). */
  | { kind: 'not-configured'; detail: Notice }
  | { kind: 'keychain'; detail: string };

export type FailureKind = Failure['kind'];

export type ValidationFailure = Extract<Failure, { kind: 'validation' }>;

/** The one way a validation failure is built (main never writes the literal by hand). */
export function validationFailure(field: AgentIdField | string, problem: AgentIdProblem | 'invalid', message: string, zh?: string): ValidationFailure {
  return zh === undefined ? { kind: 'validation', field, problem, message } : { kind: 'validation', field, problem, message, zh };
}

/** An input refused with a catalogue sentence (app/i18n) in both languages. */
export function invalidInput(field: string, words: { readonly en: string; readonly 'zh-CN': string }): ValidationFailure {
  return validationFailure(field, 'invalid', words.en, words['zh-CN']);
}

/**
 * A thrown error that no layer expected, as a failure that can cross IPC: worded as what it is (an
 * internal error, not the network), with only its code (bounded), never its message, which may carry
 * anything.
 */
export function unexpectedFailure(error: unknown): Failure {
  const code = (error as { code?: unknown } | null)?.code;
  return { kind: 'internal', code: typeof code === 'string' ? code.slice(0, 40) : 'ERR_UNEXPECTED' };
}

/** The gateway's retcode a failure carries, if any (for logs, the history and the audit trail). */
export function retcodeOf(failure: Failure): string | null {
  return failure.kind === 'retcode' || failure.kind === 'whisper-may-continue' ? failure.retcode : null;
}

/** True when the gateway no longer knows this session (protocol §4: 100-006 or 000-003). */
export function isSessionGone(failure: Failure): boolean {
  return failure.kind === 'retcode' && (failure.retcode === '100-006' || failure.retcode === '000-003');
}
