/**
 * One audit record as an RFC 5424 syslog message, framed by octet counting (RFC 5425 §4.3,
 * RFC 6587 §3.4.1): `MSG-LEN SP SYSLOG-MSG`. Written here rather than taken from a library
 * because none of the npm syslog clients frames by octet counting, carries our structured data
 * and leaves delivery to us (docs/reliability.md, "Library choice").
 *
 * Every value in the message comes from an audit record that was checked against narrow
 * patterns (audit-record.ts), so it is ASCII; the PARAM-VALUE escaping below is still applied.
 */
import { createHash } from 'node:crypto';
import { parseAuditLine, type AuditRecord } from './audit-record';

/**
 * The SD-ID of our structured data element. 32473 is the Private Enterprise Number RFC 5612
 * reserves for documentation and examples; a site's collector matches on the whole SD-ID.
 */
export const AUDIT_SD_ID = 'whisperAudit@32473';

export interface SyslogHeader {
  /** 0–23 (RFC 5424 §6.2.1). */
  readonly facility: number;
  readonly hostname: string;
  readonly appName: string;
  readonly procId: string;
}

const SEVERITY_WARNING = 4;
const SEVERITY_INFORMATIONAL = 6;

/** PRINTUSASCII only, at most `max` characters; "-" (the NILVALUE) when nothing is left. */
export function headerField(value: string, max: number): string {
  const cleaned = value.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return cleaned === '' ? '-' : cleaned;
}

/** RFC 5424 §6.3.3: '"', '\' and ']' are escaped with a backslash inside a PARAM-VALUE. */
function paramValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/**
 * The record's stable ID: the one written with it, or for a line written before records carried
 * one, a digest of the line itself (the same line always gives the same ID).
 */
export function recordIdOf(record: AuditRecord, line: string): string {
  return record.id ?? createHash('sha256').update(line).digest('hex').slice(0, 32);
}

const ID_FIELD = /^\{"id":"([0-9a-f-]{8,64})"/;

/**
 * The record ID of a stored line without parsing the whole line (records write `id` first);
 * an older line gets its digest; a line that is no record gets a placeholder no cursor names.
 */
export function recordIdOfLine(line: string): string {
  const match = ID_FIELD.exec(line);
  if (match) return match[1] as string;
  const record = parseAuditLine(line);
  return record ? recordIdOf(record, line) : `unreadable:${line.length}`;
}

export function formatAuditMessage(record: AuditRecord, id: string, header: SyslogHeader): string {
  const severity = record.ok ? SEVERITY_INFORMATIONAL : SEVERITY_WARNING;
  const params: [string, string | number | boolean | null | undefined][] = [
    ['id', id],
    ['action', record.action],
    ['trigger', record.trigger],
    ['inspector', record.inspector],
    ['target', record.target],
    ['ok', record.ok],
    ['retcode', record.retcode],
    ['failure', record.failure],
    ['durationMs', record.durationMs],
    ['retriedWithoutTarget', record.retriedWithoutTarget],
  ];
  const sd = `[${AUDIT_SD_ID}${params
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => ` ${name}="${paramValue(String(value))}"`)
    .join('')}]`;
  const text = [
    `${record.action} by ${record.trigger}`,
    record.inspector ? ` inspector ${record.inspector}` : '',
    record.target ? ` agent ${record.target}` : '',
    record.ok ? ': ok' : `: failed (${record.failure ?? 'unknown'}${record.retcode ? `, retcode ${record.retcode}` : ''})`,
  ].join('');
  return [
    `<${header.facility * 8 + severity}>1`,
    headerField(record.time, 32),
    headerField(header.hostname, 255),
    headerField(header.appName, 48),
    headerField(header.procId, 128),
    headerField(record.action, 32),
    sd,
    text,
  ].join(' ');
}

/** `MSG-LEN SP SYSLOG-MSG`, MSG-LEN counting octets, not characters. */
export function octetCountedFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
