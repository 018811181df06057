import type { Failure } from '../../app/failures';
import { validationText } from '../../app/i18n/validation';

/** The Guid itself, or a function returning the current one (null = not signed in). Read at send time, never stored. */
export type GuidSource = string | (() => string | null);

/** Visible ASCII only: anything else cannot be a header value and is not a Guid. */
const GUID_FORMAT = /^[\x21-\x7e]{1,512}$/;
const GUID_MALFORMED = validationText('gateway.guidMalformed');

/** The Guid header's value for a call, or why there is none. The value is never quoted in a message: it is a credential. */
export function readGuid(source: GuidSource): { ok: true; value: string } | { ok: false; failure: Failure } {
  let value: string | null;
  try {
    value = typeof source === 'function' ? source() : source;
  } catch {
    value = null;
  }
  if (value === null || value === undefined || value === '') return { ok: false, failure: { kind: 'not-signed-in' } };
  if (typeof value !== 'string' || !GUID_FORMAT.test(value)) {
    // The message must not quote the value: it is a credential.
    return {
      ok: false,
      failure: { kind: 'validation', field: 'guid', problem: 'invalid', message: GUID_MALFORMED.en, zh: GUID_MALFORMED['zh-CN'] },
    };
  }
  return { ok: true, value };
}
