/**
 * The logger's second fence: even if a caller passes a Guid or a password by
 * mistake, it never reaches a log line. The first fence is that gateway code
 * never hands the Guid to the logger at all.
 */
export const REDACTED = '[redacted]';

/** Field names whose values are secrets whatever they look like (matched anywhere in the key, any case). */
const SECRET_KEY = /guid|password|passwd|token|authorization|secret|cookie/i;

/**
 * Guid-shaped text: a UUID (any case) with the optional gateway-node suffix seen
 * in CC-Gateway Guids (`….AgentGateway0`, protocol §2.1 and §4).
 */
const GUID_SHAPED = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:\.AgentGateway\w*)?/gi;

/** A Set-GUID value or a Guid header echoed into text, whatever the Guid's format. */
const SESSION_ASSIGNMENT = /\b(JSESSIONID|guid)(\s*[:=]\s*)[^\s,;"']+/gi;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redactText(text: string): string {
  return text.replace(SESSION_ASSIGNMENT, `$1$2${REDACTED}`).replace(GUID_SHAPED, REDACTED);
}
