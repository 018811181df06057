import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CERTIFICATE_WARNING_DAYS, expiresSoon } from '@app/certificate';
import { generateTestPki, startEmulator, type Emulator } from '@emulator/index';
import { GatewayClient } from '@main/gateway';
import { describeCertificate } from '@main/platform/trust';
import { CertificateCard } from '../../../renderer/src/components/CertificateCard';
import { I18nContext, loadCatalogue, translator } from '../../../renderer/src/i18n';

/** What Settings and the diagnostics bundle say of the gateway certificate, and when they warn. */
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 4, 8, 0, 0);

function certificateValidFor(days: number): X509Certificate {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0badc0de';
  cert.validity.notBefore = new Date(NOW - DAY);
  cert.validity.notAfter = new Date(NOW + days * DAY + 60_000);
  cert.setSubject([{ name: 'commonName', value: 'gw.example.internal' }, { name: 'organizationName', value: 'Site' }]);
  cert.setIssuer([{ name: 'commonName', value: 'Site Issuing CA' }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return new X509Certificate(forge.pki.certificateToPem(cert));
}

const emulators: Emulator[] = [];
// The panel fetches the Chinese catalogue on demand; load it as the panel would before showing it.
beforeAll(() => loadCatalogue('zh-CN'));
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
});

describe('the gateway certificate, described', () => {
  it('gives subject, issuer, fingerprint, end date and whole days to expiry', () => {
    const cert = certificateValidFor(45);
    expect(describeCertificate(cert, NOW)).toEqual({
      subject: 'CN=gw.example.internal, O=Site',
      issuer: 'CN=Site Issuing CA',
      fingerprint256: cert.fingerprint256,
      validTo: new Date(cert.validTo).toISOString(),
      daysToExpiry: 45,
    });
  });

  it('warns from 30 days before expiry, and after it', () => {
    expect(CERTIFICATE_WARNING_DAYS).toBe(30);
    expect(expiresSoon(describeCertificate(certificateValidFor(31), NOW))).toBe(false);
    expect(expiresSoon(describeCertificate(certificateValidFor(30), NOW))).toBe(true);
    expect(expiresSoon(describeCertificate(certificateValidFor(3), NOW))).toBe(true);
    expect(expiresSoon(describeCertificate(certificateValidFor(-2), NOW))).toBe(true);
    expect(expiresSoon({ subject: 'CN=x', fingerprint256: 'AB' })).toBe(false);
  });

  it('is what the connection test reports (issuer and days included)', async () => {
    const pki = generateTestPki();
    const gw = await startEmulator({ tls: pki.leaf });
    emulators.push(gw);
    const client = new GatewayClient({ baseUrl: gw.url, caPem: pki.caPem, timeoutMs: 3000 });
    const test = await client.testConnection();
    client.close();
    expect(test.certificate).toMatchObject({ fingerprint256: gw.serverFingerprint256, issuer: expect.stringContaining('CN='), daysToExpiry: expect.any(Number) });
    expect(test.certificate?.daysToExpiry).toBeGreaterThan(CERTIFICATE_WARNING_DAYS);
  });

  it('shows in Settings with a visible warning near expiry and the pin list, in English and Chinese', () => {
    const soon = describeCertificate(certificateValidFor(12), Date.now());
    const next = 'AA:'.repeat(31) + 'AA';
    const render = (language: 'en' | 'zh-CN', certificate = soon) =>
      renderToStaticMarkup(
        createElement(I18nContext.Provider, { value: { language, t: translator(language) } }, createElement(CertificateCard, { certificate, pins: [soon.fingerprint256, next] })),
      );
    const en = render('en');
    expect(en).toContain('CN=gw.example.internal, O=Site');
    expect(en).toContain('CN=Site Issuing CA');
    expect(en).toMatch(/role="alert"[^>]*>This certificate expires in 1[12] days/);
    expect(en).toContain(next);
    expect(en).toContain('matches this certificate');
    expect(render('zh-CN')).toMatch(/该证书将在 1[12] 天后过期/);
    const later = render('en', describeCertificate(certificateValidFor(200), Date.now()));
    expect(later).not.toContain('role="alert"');
  });
});
