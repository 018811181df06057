/**
 * The physical floor: node:https on one keep-alive agent, nothing else — no validation,
 * no parsing, no session. Also used to drive the emulator outside timed regions.
 */
import { Agent, request } from 'node:https';

export interface BareResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface BareHttps {
  readonly agent: Agent;
  send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<BareResponse>;
  close(): void;
}

export function bareHttps(baseUrl: string, caPem: string): BareHttps {
  const base = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, ca: caPem });
  return {
    agent,
    send: (method, path, headers, body) =>
      new Promise((resolve, reject) => {
        const req = request(
          { host: base.hostname, port: base.port, method, path, headers, agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}

/** `Set-GUID: JSESSIONID=<guid>` → guid (split on the first '=' only, as the protocol's Guid may contain '='). */
export function guidFromSetGuid(headers: BareResponse['headers']): string | null {
  const raw = headers['set-guid'];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (!value) return null;
  const eq = value.indexOf('=');
  return eq < 0 ? null : value.slice(eq + 1);
}
