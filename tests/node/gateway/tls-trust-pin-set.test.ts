import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestPki, startEmulator, type Emulator, type TestPki } from '@emulator/index';
import { GatewayClient, type GatewayClientOptions } from '@main/gateway';

/**
 * A pin set: while a gateway certificate is renewed, the policy pins the current certificate and the
 * next one, so the swap on the gateway breaks no seat (docs/deployment.md §4).
 */
let pki: TestPki;
let renewed: TestPki;
const emulators: Emulator[] = [];
const clients: GatewayClient[] = [];

beforeAll(() => {
  pki = generateTestPki();
  renewed = generateTestPki();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(emulators.map((e) => e.close()));
});

async function gateway(tls: TestPki['leaf']): Promise<Emulator> {
  const gw = await startEmulator({ tls });
  emulators.push(gw);
  return gw;
}

function clientFor(gw: Emulator, options: Partial<GatewayClientOptions>): GatewayClient {
  const client = new GatewayClient({ baseUrl: gw.url, timeoutMs: 3000, ...options });
  clients.push(client);
  return client;
}

async function works(client: GatewayClient): Promise<void> {
  const signIn = await client.signIn('102', { password: 'Inspect0r!', phonenum: '70101' }, { force: true });
  expect(signIn.ok).toBe(true);
}

describe('a pin set (current and next certificate)', () => {
  it('trusts the gateway before and after its certificate is swapped, with one unchanged policy', async () => {
    const before = await gateway(pki.untrusted);
    const after = await gateway(renewed.untrusted);
    const pins = [before.serverFingerprint256, after.serverFingerprint256];
    await works(clientFor(before, { pinSha256: pins }));
    await works(clientFor(after, { pinSha256: pins }));
  });

  it('with a CA too: the chain must verify and the leaf must be one of the pins', async () => {
    const gw = await gateway(pki.leaf);
    const other = await gateway(renewed.leaf);
    await works(clientFor(gw, { caPem: pki.caPem, pinSha256: [other.serverFingerprint256, gw.serverFingerprint256] }));
  });

  it('refuses a certificate that is none of the pins, sending nothing', async () => {
    const gw = await gateway(pki.untrusted);
    const other = await gateway(renewed.untrusted);
    const client = clientFor(gw, { pinSha256: [other.serverFingerprint256, other.serverFingerprint256.replace(/^../, '00')] });
    const outcome = await client.stopWhisper('101', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(outcome.ok).toBe(false);
    expect(gw.journal).toHaveLength(0);
  });

  it('refuses an empty or malformed pin set at construction', () => {
    expect(() => new GatewayClient({ baseUrl: 'https://127.0.0.1:8043', pinSha256: [] })).toThrow(/SHA-256/);
    expect(() => new GatewayClient({ baseUrl: 'https://127.0.0.1:8043', pinSha256: ['AB:CD'] })).toThrow(/SHA-256/);
  });
});
