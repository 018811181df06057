/**
 * The Guid a response hands over in `Set-GUID: JSESSIONID=<guid>` (protocol §2.1, §4).
 * Split on the FIRST '=' only: the Guid itself may contain '='.
 * Returns null when the header is absent or not in that form.
 */
export function parseSetGuid(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[header.length - 1] : header;
  if (value === undefined) return null;
  const text = value.trim();
  const equals = text.indexOf('=');
  if (equals < 0) return null;
  const name = text.slice(0, equals).trim();
  const guid = text.slice(equals + 1).trim();
  if (name.toUpperCase() !== 'JSESSIONID' || guid === '') return null;
  return guid;
}
