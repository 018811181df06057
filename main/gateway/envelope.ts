import type { IncomingHttpHeaders } from 'node:http';
import type { Failure } from '../../app/failures';

/** The body every CC-Gateway answer shares (protocol §0); `event` instead of `result` on polls (§3). */
export interface Envelope {
  readonly retcode: string;
  readonly message: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export type EnvelopeCheck = { ok: true; envelope: Envelope } | { ok: false; failure: Failure };

/** "0" or codes like "100-006"; anything else is not a retcode we can show or log. */
const RETCODE_FORMAT = /^[0-9A-Za-z]{1,8}(?:-[0-9A-Za-z]{1,8})?$/;
/** The gateway's own message is shown to people and logged in failures: keep it bounded. */
const MAX_MESSAGE_CHARS = 500;
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

function mediaType(headers: IncomingHttpHeaders): string | null {
  const value = headers['content-type'];
  return value === undefined ? null : value;
}

/**
 * Checks an HTTP answer is a CC-Gateway result before anything reads it:
 * 2xx, declared as JSON (or undeclared but parsing as JSON), an object, and a
 * string `retcode`. Failures are reported in `retcode`, not HTTP status, so any
 * non-2xx answer means something other than the gateway answered [protocol §0, inferred].
 */
export function readEnvelope(status: number, headers: IncomingHttpHeaders, body: Buffer): EnvelopeCheck {
  if (status < 200 || status > 299) return { ok: false, failure: { kind: 'http-status', status } };

  const contentType = mediaType(headers);
  if (contentType !== null) {
    const declaredType = contentType.split(';')[0]?.trim() ?? '';
    if (!JSON_MEDIA_TYPE.test(declaredType)) return { ok: false, failure: { kind: 'not-json', contentType } };
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    // Declared JSON that doesn't parse (truncated, garbled) is a broken gateway answer;
    // undeclared content that doesn't parse is simply not a gateway answer.
    return contentType === null
      ? { ok: false, failure: { kind: 'not-json', contentType: null } }
      : { ok: false, failure: { kind: 'bad-shape', detail: 'the body is not valid JSON' } };
  }

  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, failure: { kind: 'bad-shape', detail: 'the body is not a JSON object' } };
  }
  const record = parsed as Record<string, unknown>;
  if (typeof record.retcode !== 'string') {
    const detail = record.retcode === undefined ? 'retcode is missing' : `retcode is a ${typeof record.retcode}, not a string`;
    return { ok: false, failure: { kind: 'bad-shape', detail } };
  }
  if (!RETCODE_FORMAT.test(record.retcode)) {
    return { ok: false, failure: { kind: 'bad-shape', detail: 'retcode is not in the CC-Gateway format (such as "0" or "100-006")' } };
  }
  const message = typeof record.message === 'string' ? record.message.slice(0, MAX_MESSAGE_CHARS) : '';
  return { ok: true, envelope: { retcode: record.retcode, message, body: record } };
}
