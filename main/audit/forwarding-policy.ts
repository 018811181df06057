/**
 * The admin policy's `auditForwarding` section: where and how the audit trail is forwarded as
 * syslog. Only the machine-wide policy can set it (a person cannot point the compliance record
 * elsewhere or turn it off). Every field is checked here, with a message IT can act on, in English and Chinese (app/i18n/validation.ts).
 * docs/deployment.md describes each key with examples for rsyslog, syslog-ng, Splunk and Graylog.
 */
import { isAbsolute } from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';
import { validationText } from '../../app/i18n/validation';
import { said } from '../settings/schema';

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
    .string({ error: said(validationText('forwarding.pemFile', { field: what })) })
    .trim()
    .min(1, { error: said(validationText('forwarding.pemFile', { field: what })) })
    .max(4096, { error: said(validationText('forwarding.pemFileTooLong', { field: what })) })
    .refine((p) => isAbsolute(p), { error: said(validationText('forwarding.pemFileNotAbsolute', { field: what })) });

const FACILITY_MESSAGE = said(validationText('forwarding.facility'));

export const forwardingPolicySchema = z
  .strictObject({
    host: z
      .string({ error: said(validationText('forwarding.hostType')) })
      .trim()
      .refine(isHostName, { error: said(validationText('forwarding.hostFormat')) }),
    port: z
      .number({ error: said(validationText('forwarding.portType')) })
      .int({ error: said(validationText('forwarding.portWhole')) })
      .min(1, { error: said(validationText('forwarding.portRange')) })
      .max(65535, { error: said(validationText('forwarding.portRange')) })
      .default(DEFAULT_SYSLOG_TLS_PORT),
    transport: z.enum(['tls', 'tcp'], { error: said(validationText('forwarding.transport')) }).default('tls'),
    caFile: pemFile('caFile').optional(),
    clientCertFile: pemFile('clientCertFile').optional(),
    clientKeyFile: pemFile('clientKeyFile').optional(),
    facility: z
      .union(
        [
          z.enum(Object.keys(FACILITIES) as [FacilityName, ...FacilityName[]]),
          z.number().int({ error: FACILITY_MESSAGE }).min(0, { error: FACILITY_MESSAGE }).max(23, { error: FACILITY_MESSAGE }),
        ],
        { error: FACILITY_MESSAGE },
      )
      .default(DEFAULT_FACILITY),
    appName: z
      .string({ error: said(validationText('forwarding.appNameType')) })
      .regex(/^[\x21-\x7e]{1,48}$/, { error: said(validationText('forwarding.appNameFormat')) })
      .default(DEFAULT_APP_NAME),
    spoolCeilingMB: z
      .number({ error: said(validationText('forwarding.spoolType')) })
      .int({ error: said(validationText('forwarding.spoolWhole')) })
      .min(1, { error: said(validationText('forwarding.spoolMin')) })
      .max(4096, { error: said(validationText('forwarding.spoolMax')) })
      .default(DEFAULT_SPOOL_CEILING_MB),
  })
  .superRefine((value, ctx) => {
    if ((value.clientCertFile === undefined) !== (value.clientKeyFile === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['clientCertFile'], message: said(validationText('forwarding.clientPair')) });
    }
    if (value.transport === 'tcp' && (value.caFile !== undefined || value.clientCertFile !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['transport'], message: said(validationText('forwarding.tcpPlain')) });
    }
  });

export type ForwardingPolicy = z.infer<typeof forwardingPolicySchema>;

export function facilityCode(facility: ForwardingPolicy['facility']): number {
  return typeof facility === 'number' ? facility : FACILITIES[facility];
}
