import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/**
 * Certificates for the emulator and for TLS fault tests. node:crypto makes the RSA keys
 * (forge's pure-JS key generation takes seconds); forge builds and signs the X.509 certificates.
 */

export interface SubjectAltNames {
  ips?: string[];
  dns?: string[];
}

/** A key and certificate plus the PEM of the CA that issued it: the shape `startEmulator({ tls })` takes. */
export interface TlsMaterial {
  key: string;
  cert: string;
  ca: string;
}

export interface TestPki {
  /** The CA a client should trust. */
  caPem: string;
  /** Valid leaf for the requested names, issued by `caPem`. */
  leaf: TlsMaterial;
  /** Same names and CA, but validity ended yesterday. */
  expired: TlsMaterial;
  /** Issued by `caPem` for a name no client dials (`wrong-host.invalid`), no IP SAN. */
  wrongHost: TlsMaterial;
  /** Valid names and dates, issued by another CA that `caPem` does not cover. */
  untrusted: TlsMaterial;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_SANS: Required<SubjectAltNames> = { ips: ['127.0.0.1'], dns: ['localhost'] };

interface Issuer {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  pem: string;
}

interface ForgeKeyPair {
  publicKey: forge.pki.rsa.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  privatePem: string;
}

function rsaKeyPair(): ForgeKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
    privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
    privatePem: privateKey,
  };
}

/** A positive serial: a leading 0x01 byte keeps the DER integer from reading as negative. */
function serialNumber(): string {
  return '01' + randomBytes(15).toString('hex');
}

function blankCertificate(publicKey: forge.pki.rsa.PublicKey, notBefore: Date, notAfter: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  return cert;
}

function createCa(commonName: string): Issuer {
  const keys = rsaKeyPair();
  const now = Date.now();
  const cert = blankCertificate(keys.publicKey, new Date(now - DAY_MS), new Date(now + 3650 * DAY_MS));
  const subject = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Whisper Control test PKI' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey, pem: forge.pki.certificateToPem(cert) };
}

interface LeafSpec {
  commonName: string;
  sans: SubjectAltNames;
  notBefore: Date;
  notAfter: Date;
}

function issueLeaf(issuer: Issuer, keys: ForgeKeyPair, spec: LeafSpec): TlsMaterial {
  const cert = blankCertificate(keys.publicKey, spec.notBefore, spec.notAfter);
  cert.setSubject([{ name: 'commonName', value: spec.commonName }]);
  cert.setIssuer(issuer.cert.subject.attributes);
  const altNames = [
    ...(spec.sans.ips ?? []).map((ip) => ({ type: 7, ip })),
    ...(spec.sans.dns ?? []).map((value) => ({ type: 2, value })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: issuer.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(issuer.key, forge.md.sha256.create());
  return { key: keys.privatePem, cert: forge.pki.certificateToPem(cert), ca: issuer.pem };
}

function validFor(now: number): Pick<LeafSpec, 'notBefore' | 'notAfter'> {
  return { notBefore: new Date(now - DAY_MS), notAfter: new Date(now + 365 * DAY_MS) };
}

/** The emulator's default identity: a fresh CA and a server certificate for 127.0.0.1 and localhost. */
export function generateServerTls(sans: SubjectAltNames = DEFAULT_SANS): TlsMaterial {
  const ca = createCa('CC-Gateway Emulator CA');
  return issueLeaf(ca, rsaKeyPair(), { commonName: 'CC-Gateway Emulator', sans, ...validFor(Date.now()) });
}

/** Everything the TLS fault matrix needs, from one call. Leaves share one key pair to save time. */
export function generateTestPki(opts: { sans?: SubjectAltNames; commonName?: string } = {}): TestPki {
  const sans = opts.sans ?? DEFAULT_SANS;
  const commonName = opts.commonName ?? 'CC-Gateway Emulator';
  const now = Date.now();
  const ca = createCa('Whisper Control Test CA');
  const otherCa = createCa('Untrusted Test CA');
  const leafKeys = rsaKeyPair();
  return {
    caPem: ca.pem,
    leaf: issueLeaf(ca, leafKeys, { commonName, sans, ...validFor(now) }),
    expired: issueLeaf(ca, leafKeys, {
      commonName,
      sans,
      notBefore: new Date(now - 30 * DAY_MS),
      notAfter: new Date(now - DAY_MS),
    }),
    wrongHost: issueLeaf(ca, leafKeys, { commonName: 'wrong-host.invalid', sans: { dns: ['wrong-host.invalid'] }, ...validFor(now) }),
    untrusted: issueLeaf(otherCa, leafKeys, { commonName, sans, ...validFor(now) }),
  };
}
