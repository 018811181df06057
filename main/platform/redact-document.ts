/**
 * Redaction for whole documents leaving the machine (the diagnostics bundle), on top of the logger's
 * line-by-line redaction in main/log/redact.ts, whose rules (Guid-shaped text, secret-named keys) it reuses.
 */
import { isSecretKey, REDACTED, redactText } from '../log/redact';

/** Deep copy with every value under a secret-named key replaced and every string scrubbed of Guid-shaped text. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        redactText(key),
        isSecretKey(key) ? REDACTED : redactValue(inner),
      ]),
    );
  }
  return value;
}

/** `"someKey": <value>` in JSON-ish text, value being a string, number, literal or bare word. */
const KEY_VALUE = /("((?:[^"\\]|\\.)*)"\s*:\s*)("(?:[^"\\]|\\.)*"|[^,}\]\s]+)/g;

/**
 * A JSON file as text, redacted. Parsed when possible (and pretty-printed); when the file is broken
 * — exactly when IT needs to see it — secret-named keys, quoted or bare, are still found textually.
 */
export function redactJsonText(text: string): string {
  try {
    return `${JSON.stringify(redactValue(JSON.parse(text)), null, 2)}\n`;
  } catch {
    return redactLogText(text);
  }
}

/** `key=value` / `key: value` pairs as log lines and stack traces write them. */
const ASSIGNMENT = /([\w.-]+)(\s*[=:]\s*)("(?:[^"\\]|\\.)*"|[^\s,;&]+)/g;

/**
 * Log text, redacted again before it leaves the machine: the logger already redacted what went through it,
 * but a log file can also hold lines written by libraries or by an older version.
 */
export function redactLogText(text: string): string {
  const jsonKeysRedacted = text.replace(KEY_VALUE, (match, prefix: string, key: string) =>
    isSecretKey(key) ? `${prefix}"${REDACTED}"` : match,
  );
  const assignmentsRedacted = jsonKeysRedacted.replace(ASSIGNMENT, (match, key: string, separator: string) =>
    isSecretKey(key) ? `${key}${separator}${REDACTED}` : match,
  );
  return redactText(assignmentsRedacted);
}
