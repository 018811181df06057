import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailure } from '@app/i18n/failure-explanations';
import { generateTestPki, startEmulator, type Emulator, type TestPki, type TlsMaterial } from '@emulator/index';
import { GatewayClient, GatewayConfigError, type GatewayClientOptions } from '@main/gateway';

/** Verification is always on: trust comes only from a CA bundle and/or a pin, with host-name and date checks. */
let pki: TestPki;
const emulators: Emulator[] = [];
const clients: GatewayClient[] = [];

beforeAll(() => {
  pki = generateTestPki();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(emulators.map((e) => e.close()));
});

async function gatewayWith(tls: TlsMaterial): Promise<Emulator> {
  const emulator = await startEmulator({ tls });
  emulators.push(emulator);
  return emulator;
}

function clientFor(emulator: Emulator, options: Partial<GatewayClientOptions>): GatewayClient {
  const client = new GatewayClient({ baseUrl: emulator.url, timeoutMs: TIMEOUT_MS, ...options });
  clients.push(client);
  return client;
}

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

/** A self-signed server certificate for 127.0.0.1 (no CA at all), as some sites run. */
function selfSignedTls(): TlsMaterial {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01a2b3';
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const subject = [{ name: 'commonName', value: 'self-signed gateway' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const pem = forge.pki.certificateToPem(cert);
  return { key: forge.pki.privateKeyToPem(keys.privateKey), cert: pem, ca: pem };
}

const TIMEOUT_MS = 3000;

/** A refused stop: typed failure with a readable message, and nothing sent. */
async function refusedStop(gw: Emulator, client: GatewayClient) {
  const outcome = await client.stopWhisper('101', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
  expect(outcome.ok).toBe(false);
  if (!outcome.ok) expect(describeFailure(outcome.failure).length).toBeGreaterThan(20);
  expect(gw.journal).toHaveLength(0);
  return outcome;
}

/** A full round trip: sign in and stop (900-004: not whispering) proves the channel works. */
async function expectWorks(client: GatewayClient) {
  const signIn = await client.signIn('102', { password: 'Inspect0r!', phonenum: '70101' }, { force: true });
  expect(signIn.ok).toBe(true);
  const stop = await client.stopWhisper('102', signIn.setGuid ?? '');
  expect(stop).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '900-004' } });
}

describe('trusted', () => {
  it('by the CA bundle', async () => {
    const gw = await gatewayWith(pki.leaf);
    const client = clientFor(gw, { caPem: pki.caPem });
    await expectWorks(client);
    const test = await client.testConnection();
    expect(test).toMatchObject({ ok: true, failure: null, certificate: { subject: 'CN=CC-Gateway Emulator', fingerprint256: gw.serverFingerprint256 } });
  });

  it('by the CA bundle given as a list, with a matching pin too', async () => {
    const gw = await gatewayWith(pki.leaf);
    await expectWorks(clientFor(gw, { caPem: [pki.caPem], pinSha256: gw.serverFingerprint256 }));
  });

  it('by a pin alone, for a certificate from a CA the client does not know (pin in lower case, no colons)', async () => {
    const gw = await gatewayWith(pki.untrusted);
    const client = clientFor(gw, { pinSha256: gw.serverFingerprint256.replace(/:/g, '').toLowerCase() });
    await expectWorks(client);
    expect(gw.journal.map((e) => e.method)).toEqual(['PUT', 'POST']); // the refused first handshake sent no request
  });

  it('by a pin alone when the first calls run concurrently (each retries once, all succeed)', async () => {
    const gw = await gatewayWith(pki.untrusted);
    const client = clientFor(gw, { pinSha256: gw.serverFingerprint256 });
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => client.stopWhisper('101', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee')));
    for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: false, failure: { kind: 'retcode', retcode: '100-006' } });
    expect(gw.journal).toHaveLength(4);
  });

  it('by a pin alone, for a self-signed certificate', async () => {
    const tls = selfSignedTls();
    const gw = await gatewayWith(tls);
    const client = clientFor(gw, { pinSha256: fingerprint(tls.cert) });
    await expectWorks(client);
    expect((await client.testConnection()).certificate).toMatchObject({ subject: 'CN=self-signed gateway', issuer: 'CN=self-signed gateway', fingerprint256: fingerprint(tls.cert), daysToExpiry: 0 });
  });
});

describe('refused, with nothing sent', () => {
  it('an unknown CA: tls-untrusted naming the subject and fingerprint, and how to trust it', async () => {
    const gw = await gatewayWith(pki.untrusted);
    const client = clientFor(gw, {});
    const outcome = await client.stopWhisper('101', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(outcome).toMatchObject({
      ok: false,
      failure: { kind: 'tls-untrusted', subject: 'CN=CC-Gateway Emulator', fingerprint256: gw.serverFingerprint256 },
    });
    if (!outcome.ok) {
      const message = describeFailure(outcome.failure);
      expect(message).toContain(gw.serverFingerprint256);
      expect(message).toContain('CN=CC-Gateway Emulator');
      expect(message).toMatch(/CA file|pin/);
    }
    const test = await client.testConnection();
    expect(test).toMatchObject({ ok: false, certificate: { fingerprint256: gw.serverFingerprint256 }, failure: { kind: 'tls-untrusted' } });
    expect(gw.journal).toHaveLength(0);
  });

  it('a self-signed certificate without a pin', async () => {
    const gw = await gatewayWith(selfSignedTls());
    const outcome = await refusedStop(gw, clientFor(gw, {}));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'tls-untrusted', subject: 'CN=self-signed gateway' } });
  });

  it('a CA-trusted certificate that is not the pinned one: tls-pin-mismatch', async () => {
    const gw = await gatewayWith(pki.leaf);
    const otherPin = fingerprint(pki.untrusted.cert);
    expect(otherPin).not.toBe(gw.serverFingerprint256);
    const outcome = await refusedStop(gw, clientFor(gw, { caPem: pki.caPem, pinSha256: otherPin }));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'tls-pin-mismatch', fingerprint256: gw.serverFingerprint256 } });
  });

  it('an unknown chain whose leaf is not the pinned one: tls-pin-mismatch', async () => {
    const gw = await gatewayWith(pki.untrusted);
    const outcome = await refusedStop(gw, clientFor(gw, { pinSha256: fingerprint(pki.leaf.cert).replace(/^../, '00') }));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'tls-pin-mismatch', fingerprint256: gw.serverFingerprint256 } });
  });

  it('an expired certificate: tls-expired with the end date, even when the CA is trusted', async () => {
    const gw = await gatewayWith(pki.expired);
    const outcome = await refusedStop(gw, clientFor(gw, { caPem: pki.caPem }));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'tls-expired', subject: 'CN=CC-Gateway Emulator' } });
    if (!outcome.ok && outcome.failure.kind === 'tls-expired') {
      expect(new Date(outcome.failure.validTo).getTime()).toBeLessThan(Date.now());
    }
  });

  it('an expired certificate stays refused when it is the pinned one', async () => {
    const gw = await gatewayWith(pki.expired);
    const outcome = await refusedStop(gw, clientFor(gw, { pinSha256: gw.serverFingerprint256 }));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'tls-expired' } });
  });

  it('a certificate for another host name: tls-hostname, even when the CA is trusted', async () => {
    const gw = await gatewayWith(pki.wrongHost);
    const outcome = await refusedStop(gw, clientFor(gw, { caPem: pki.caPem }));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'tls-hostname', host: '127.0.0.1', subject: 'CN=wrong-host.invalid' } });
  });

  it('a certificate for another host name stays refused when it is the pinned one', async () => {
    const gw = await gatewayWith(pki.wrongHost);
    const outcome = await refusedStop(gw, clientFor(gw, { pinSha256: gw.serverFingerprint256 }));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'tls-hostname', host: '127.0.0.1' } });
  });

  it('trust is per client: a pinned client does not make another client trust the certificate', async () => {
    const gw = await gatewayWith(pki.untrusted);
    await expectWorks(clientFor(gw, { pinSha256: gw.serverFingerprint256 }));
    expect(await clientFor(gw, {}).stopWhisper('101', 'g')).toMatchObject({ ok: false, failure: { kind: 'tls-untrusted' } });
  });
});

describe('configuration is checked up front', () => {
  it.each([
    [{ baseUrl: 'http://127.0.0.1:8043' }, 'baseUrl'],
    [{ baseUrl: 'https://127.0.0.1:8043/agentgateway' }, 'baseUrl'],
    [{ baseUrl: 'https://user:pw@127.0.0.1:8043' }, 'baseUrl'],
    [{ baseUrl: 'not a url' }, 'baseUrl'],
    [{ baseUrl: 'https://127.0.0.1:8043', pinSha256: 'AB:CD' }, 'pinSha256'],
    [{ baseUrl: 'https://127.0.0.1:8043', caPem: 'not a certificate' }, 'caPem'],
    [{ baseUrl: 'https://127.0.0.1:8043', caPem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }, 'caPem'],
    [{ baseUrl: 'https://127.0.0.1:8043', timeoutMs: 0 }, 'timeoutMs'],
    [{ baseUrl: 'https://127.0.0.1:8043', maxBodyBytes: -1 }, 'maxBodyBytes'],
    [{ baseUrl: 'https://127.0.0.1:8043', agentIdUpperBound: 1_000_000 }, 'agentIdUpperBound'],
  ] as const)('%j is refused naming %s', (options, option) => {
    expect(() => new GatewayClient(options as GatewayClientOptions)).toThrow(GatewayConfigError);
    try {
      new GatewayClient(options as GatewayClientOptions);
    } catch (error) {
      expect((error as GatewayConfigError).option).toBe(option);
    }
  });
});
