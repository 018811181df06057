import { X509Certificate } from 'node:crypto';
import { AGENT_ID_MAX_2025, AGENT_ID_MAX_CLASSIC, AGENT_ID_MIN } from '../../app/agent-id';
import type { Notice } from '../../app/i18n/notice';
import { validationText } from '../../app/i18n/validation';
import type { Logger } from '../log/logger';

export interface GatewayClientOptions {
  /** https://host:port of the agent gateway (https only, no path). */
  baseUrl: string;
  /** Extra trusted CA certificate(s), PEM. */
  caPem?: string | string[];
  /** 'AB:CD:…' SHA-256 fingerprint(s) of the gateway certificate (current and next, during a renewal); pins alone trust exactly those certificates. */
  pinSha256?: string | readonly string[];
  /** Per call; default 5000. */
  timeoutMs?: number;
  /** Largest response body accepted; default 1 MiB. */
  maxBodyBytes?: number;
  /** Highest valid agent ID: 59999 (default, 2023/2024 gateways) up to 999999 (2025 edition). */
  agentIdUpperBound?: number;
  logger?: Logger;
  /**
   * Told of each completed TLS handshake. A diagnostic hook for whoever measures connection
   * reuse from outside (tests, the bench): the client keeps no count of its own.
   */
  onHandshake?: () => void;
}

export interface ResolvedOptions {
  readonly origin: URL;
  readonly caPem: readonly string[];
  readonly pinSha256: readonly string[] | null;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly agentIdUpperBound: number;
}

export const DEFAULT_TIMEOUT_MS = 5000;
/** How long the gateway may hold an event poll open when there is no event (protocol §3: ~10 s). */
export const POLL_HOLD_MS = 10_000;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Thrown by the GatewayClient constructor: configuration is a programming or settings error, not a call outcome. */
export class GatewayConfigError extends Error {
  constructor(
    readonly option: keyof GatewayClientOptions,
    /** The reason in every panel language; the Error message is its English. */
    readonly text: Notice,
  ) {
    super(text.en);
    this.name = 'GatewayConfigError';
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate in a bundle must parse: a corrupt CA file would otherwise be ignored silently. */
function isCertificateBundle(pem: unknown): boolean {
  if (typeof pem !== 'string') return false;
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return false;
  try {
    for (const block of blocks) new X509Certificate(block);
    return true;
  } catch {
    return false;
  }
}

function parseOrigin(baseUrl: unknown): URL {
  if (typeof baseUrl !== 'string' || baseUrl.trim() === '') throw new GatewayConfigError('baseUrl', validationText('client.urlRequired'));
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new GatewayConfigError('baseUrl', validationText('client.urlInvalid'));
  }
  if (url.protocol !== 'https:') throw new GatewayConfigError('baseUrl', validationText('client.urlNotHttps'));
  if (url.username || url.password) throw new GatewayConfigError('baseUrl', validationText('client.urlCredentials'));
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new GatewayConfigError('baseUrl', validationText('client.urlOriginOnly'));
  }
  return url;
}

/** Accepts upper or lower case, with or without colons; returns Node's 'AB:CD:…' form. */
export function normalizePin(pin: string): string | null {
  const hex = pin.trim().replace(/:/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  return hex.toUpperCase().match(/../g)!.join(':');
}

function positiveInteger(option: 'timeoutMs' | 'maxBodyBytes', value: unknown, fallback: number, unit: 'milliseconds' | 'bytes'): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new GatewayConfigError(option, validationText('client.positiveWhole', { option, unit }));
  }
  return value;
}

export function resolveOptions(options: GatewayClientOptions): ResolvedOptions {
  const origin = parseOrigin(options?.baseUrl);
  const caPem = options.caPem === undefined ? [] : Array.isArray(options.caPem) ? options.caPem : [options.caPem];
  for (const pem of caPem) {
    if (!isCertificateBundle(pem)) {
      throw new GatewayConfigError('caPem', validationText('client.caNotPem'));
    }
  }
  let pinSha256: readonly string[] | null = null;
  if (options.pinSha256 !== undefined) {
    // One pin, or a set of them (the current certificate and the next, trust.ts).
    const given: readonly unknown[] = Array.isArray(options.pinSha256) ? options.pinSha256 : [options.pinSha256];
    const pins = given.map((pin) => (typeof pin === 'string' ? normalizePin(pin) : null));
    if (pins.length === 0 || pins.some((pin) => pin === null)) {
      throw new GatewayConfigError('pinSha256', validationText('client.pin'));
    }
    pinSha256 = [...new Set(pins as string[])];
  }
  const upper = options.agentIdUpperBound ?? AGENT_ID_MAX_CLASSIC;
  if (!Number.isInteger(upper) || upper < AGENT_ID_MIN || upper > AGENT_ID_MAX_2025) {
    throw new GatewayConfigError('agentIdUpperBound', validationText('client.upperBound', { min: AGENT_ID_MIN, max: AGENT_ID_MAX_2025 }));
  }
  return {
    origin,
    caPem,
    pinSha256,
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, 'milliseconds'),
    maxBodyBytes: positiveInteger('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 'bytes'),
    agentIdUpperBound: upper,
  };
}
