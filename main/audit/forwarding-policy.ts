/**
 * The admin policy's `auditForwarding` section: where and how the audit trail is forwarded as
 * syslog. Only the machine-wide policy can set it (a person cannot point the compliance record
 * elsewhere or turn it off). Every field is checked here, with a message IT can act on.
 * docs/deployment.md describes each key with examples for rsyslog, syslog-ng, Splunk and Graylog.
 */
import { isAbsolute } from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';

/** RFC 5424 §6.2.1 facility names, with their numeric codes. */
export const FACILITIES = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, authpriv: 10, ftp: 11,
  ntp: 12, security: 13, console: 14, solaris_cron: 15,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
} as const;
export type FacilityName = keyof typeof FACILITIES;

export const DEFAULT_SYSLOG_TLS_PORT = 6514;
export const DEFAULT_APP_NAME = 'whisper-control';
export const DEFAULT_FACILITY: FacilityName = 'local4';
export const DEFAULT_SPOOL_CEILING_MB = 64;

/** A DNS name of letters, digits, hyphens and dots (RFC 1123), or an IPv4/IPv6 address. */
function isHostName(value: string): boolean {
  if (isIP(value) !== 0) return true;
  return value.length <= 253 && /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(value);
}

const pemFile = (what: string) =>
  z
    .string({ error: `${what} must be the full path of a PEM file.` })
    .trim()
    .min(1, { error: `${what} must be the full path of a PEM file.` })
    .max(4096, { error: `${what} path is too long.` })
    .refine((p) => isAbsolute(p), { error: `${what} must be a full path (for example /etc/whisper-control/site-ca.pem).` });

export const forwardingPolicySchema = z
  .strictObject({
    host: z
      .string({ error: 'host must be the collector’s host name or IP address.' })
      .trim()
      .refine(isHostName, { error: 'host must be a host name or IP address only (no scheme, port or path), for example logs.example.com.' }),
    port: z
      .number({ error: 'port must be a number.' })
      .int({ error: 'port must be a whole number.' })
      .min(1, { error: 'port must be between 1 and 65535.' })
      .max(65535, { error: 'port must be between 1 and 65535.' })
      .default(DEFAULT_SYSLOG_TLS_PORT),
    transport: z.enum(['tls', 'tcp'], { error: 'transport must be "tls" (the default) or "tcp" (plain, unencrypted).' }).default('tls'),
    caFile: pemFile('caFile').optional(),
    clientCertFile: pemFile('clientCertFile').optional(),
    clientKeyFile: pemFile('clientKeyFile').optional(),
    facility: z
      .union([z.enum(Object.keys(FACILITIES) as [FacilityName, ...FacilityName[]]), z.number().int().min(0).max(23)], {
        error: 'facility must be a syslog facility name (local0 … local7, auth, authpriv, …) or a number 0–23.',
      })
      .default(DEFAULT_FACILITY),
    appName: z
      .string({ error: 'appName must be text.' })
      .regex(/^[\x21-\x7e]{1,48}$/, { error: 'appName must be 1 to 48 printable ASCII characters without spaces (RFC 5424 APP-NAME).' })
      .default(DEFAULT_APP_NAME),
    spoolCeilingMB: z
      .number({ error: 'spoolCeilingMB must be a number of megabytes.' })
      .int({ error: 'spoolCeilingMB must be a whole number of megabytes.' })
      .min(1, { error: 'spoolCeilingMB must be at least 1.' })
      .max(4096, { error: 'spoolCeilingMB must be at most 4096.' })
      .default(DEFAULT_SPOOL_CEILING_MB),
  })
  .superRefine((value, ctx) => {
    if ((value.clientCertFile === undefined) !== (value.clientKeyFile === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['clientCertFile'], message: 'clientCertFile and clientKeyFile go together: set both or neither.' });
    }
    if (value.transport === 'tcp' && (value.caFile !== undefined || value.clientCertFile !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['transport'], message: 'transport "tcp" is plain and unencrypted: remove caFile/clientCertFile, or use "tls".' });
    }
  });

export type ForwardingPolicy = z.infer<typeof forwardingPolicySchema>;

export function facilityCode(facility: ForwardingPolicy['facility']): number {
  return typeof facility === 'number' ? facility : FACILITIES[facility];
}
