/**
 * Raw CC-Gateway requests the benchmark sends outside timed regions (and, for the floor,
 * inside them), written from the protocol reference like the emulator, not from the client.
 */
import type { BareHttps } from './bare-https';
import { guidFromSetGuid } from './bare-https';

const BASE = '/agentgateway/resource';
export const JSON_HEADERS = { 'Content-Type': 'application/json; charset=UTF-8' } as const;
/** Seeded demo data (team brief). */
export const DEMO_PASSWORD = 'Inspect0r!';

export const stopPath = (inspector: string, target?: string) =>
  `${BASE}/qualitycontrol/${inspector}/requeststopwhisperagent${target ? `?whisperagentid=${target}` : ''}`;
export const startPath = (inspector: string, target: string) => `${BASE}/qualitycontrol/${inspector}/requestwhisperagent?whisperagentid=${target}`;

/** The retcode of a raw answer's body, or null when it is not a CC-Gateway envelope. */
export function retcodeOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { retcode?: unknown };
    return typeof parsed.retcode === 'string' ? parsed.retcode : null;
  } catch {
    return null;
  }
}

export async function rawSignIn(http: BareHttps, inspector: string, phone: string): Promise<string> {
  const response = await http.send('PUT', `${BASE}/onlineagent/${inspector}/forcelogin`, JSON_HEADERS, JSON.stringify({ password: DEMO_PASSWORD, phonenum: phone }));
  const guid = guidFromSetGuid(response.headers);
  if (retcodeOf(response.body) !== '0' || !guid) throw new Error(`raw sign-in of ${inspector} failed: HTTP ${response.status} ${response.body.slice(0, 200)}`);
  return guid;
}

export async function rawStart(http: BareHttps, inspector: string, guid: string, target: string): Promise<void> {
  const response = await http.send('POST', startPath(inspector, target), { ...JSON_HEADERS, Guid: guid });
  if (retcodeOf(response.body) !== '0') throw new Error(`raw start ${inspector}→${target} failed: ${response.body.slice(0, 200)}`);
}
