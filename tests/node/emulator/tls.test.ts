import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTestPki, startEmulator, type Emulator, type TestPki } from '@emulator/index';

/** The emulator's certificates, and the test PKI other suites use for the TLS fault matrix. */

interface Handshake {
  ok: boolean;
  code: string | null;
  fingerprint256: string | null;
}

function handshake(url: string, ca: string, servername?: string): Promise<Handshake> {
  return new Promise((resolve) => {
    const req = request(`${url}/`, { method: 'GET', ca, agent: false, ...(servername ? { servername } : {}) }, (res) => {
      const cert = (res.socket as TLSSocket).getPeerCertificate();
      res.resume();
      resolve({ ok: true, code: null, fingerprint256: cert.fingerprint256 ?? null });
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, code: error.code ?? error.message, fingerprint256: null }));
    req.end();
  });
}

let pki: TestPki;
const started: Emulator[] = [];
beforeAll(() => {
  pki = generateTestPki();
});
afterAll(async () => {
  await Promise.all(started.map((e) => e.close()));
});
async function emulatorWith(tls?: { key: string; cert: string; ca: string }, caOutPath?: string): Promise<Emulator> {
  const e = await startEmulator({ ...(tls ? { tls } : {}), ...(caOutPath ? { caOutPath } : {}) });
  started.push(e);
  return e;
}

describe('emulator certificates', () => {
  it('generates a CA and a server certificate for 127.0.0.1 and localhost, and writes the CA to caOutPath', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-ca-'));
    try {
      const caOutPath = join(dir, 'nested', 'ca.pem');
      const e = await emulatorWith(undefined, caOutPath);
      expect(e.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(e.caPath).toBe(caOutPath);
      expect(readFileSync(caOutPath, 'utf8')).toBe(e.caPem);
      const leaf = new X509Certificate(e.serverCertPem);
      expect(leaf.subjectAltName).toContain('IP Address:127.0.0.1');
      expect(leaf.subjectAltName).toContain('DNS:localhost');
      expect(leaf.checkIssued(new X509Certificate(e.caPem))).toBe(true);
      expect(new X509Certificate(e.caPem).ca).toBe(true);
      const viaIp = await handshake(e.url, e.caPem);
      expect(viaIp).toEqual({ ok: true, code: null, fingerprint256: e.serverFingerprint256 });
      expect(e.serverFingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect((await handshake(e.url, e.caPem, 'localhost')).ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not trusted without its CA', async () => {
    const e = await emulatorWith();
    expect((await handshake(e.url, pki.caPem)).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('reports caPath null when no caOutPath is given', async () => {
    expect((await emulatorWith()).caPath).toBeNull();
  });
});

describe('generateTestPki', () => {
  it('makes a leaf the CA vouches for', async () => {
    const e = await emulatorWith(pki.leaf);
    expect(e.caPem).toBe(pki.caPem);
    expect((await handshake(e.url, pki.caPem)).ok).toBe(true);
  });

  it('makes an expired leaf', async () => {
    const e = await emulatorWith(pki.expired);
    expect(new Date(new X509Certificate(pki.expired.cert).validTo).getTime()).toBeLessThan(Date.now());
    expect((await handshake(e.url, pki.caPem)).code).toBe('CERT_HAS_EXPIRED');
  });

  it('makes a leaf for the wrong host name', async () => {
    const e = await emulatorWith(pki.wrongHost);
    expect((await handshake(e.url, pki.caPem)).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('makes a leaf from a CA the client does not trust', async () => {
    const e = await emulatorWith(pki.untrusted);
    expect(pki.untrusted.ca).not.toBe(pki.caPem);
    expect((await handshake(e.url, pki.caPem)).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect((await handshake(e.url, pki.untrusted.ca)).ok).toBe(true);
  });

  it('honours custom SANs', async () => {
    const custom = generateTestPki({ sans: { dns: ['gateway.test'] } });
    const cert = new X509Certificate(custom.leaf.cert);
    expect(cert.subjectAltName).toBe('DNS:gateway.test');
    expect(cert.checkHost('gateway.test')).toBe('gateway.test');
    expect(cert.checkIP('127.0.0.1')).toBeUndefined();
  });
});
