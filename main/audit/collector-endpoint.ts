/**
 * The connection the policy describes, with its PEM files read. Read for every delivery, so IT
 * can replace a certificate or key without restarting the app (docs/deployment.md §9).
 */
import { readFile } from 'node:fs/promises';
import { notice, type ForwardingFile } from '../../app/i18n/notices';
import { trustAnchors } from '../platform/trust';
import { localForwardingError } from './forwarding-failure';
import type { ForwardingPolicy } from './forwarding-policy';
import type { CollectorEndpoint } from './syslog-session';

async function readPem(file: string, what: ForwardingFile): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw localForwardingError('file', notice('forwarding.fileUnreadable', { what, file, code: (error as NodeJS.ErrnoException).code ?? 'unknown error' }));
  }
}

export async function collectorEndpoint(policy: ForwardingPolicy): Promise<CollectorEndpoint> {
  const { host, port, transport, caFile, clientCertFile, clientKeyFile } = policy;
  return {
    host,
    port,
    transport,
    // The OS trust store plus the site's CA file, as for the gateway (docs/deployment.md §4).
    ...(transport === 'tls' && { ca: trustAnchors(caFile !== undefined ? [await readPem(caFile, 'caFile')] : []) }),
    ...(clientCertFile !== undefined && { cert: await readPem(clientCertFile, 'clientCertFile') }),
    ...(clientKeyFile !== undefined && { key: await readPem(clientKeyFile, 'clientKeyFile') }),
  };
}
