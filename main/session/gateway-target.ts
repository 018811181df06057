/**
 * Owns the step from settings to a gateway client: which gateway the settings name (the
 * configured URL with its CA file and pin, or the embedded demo gateway when no URL is set),
 * starting the demo gateway on first need, and the words for settings that cannot make a client.
 * The session host (main/session/session-host.ts) and the connection test both go through here,
 * so the client a test checks is the one the session would use.
 */
import { readFile } from 'node:fs/promises';
import { noticeIn, type Notice } from '../../app/i18n/notice';
import { NOTICES, notice } from '../../app/i18n/notices';
import { pinSetOf, type Settings } from '../../app/settings';
import { GatewayClient, GatewayConfigError } from '../gateway';
import type { Logger } from '../log/logger';

/** The embedded emulator as the services see it: where it listens and the only CA it is trusted with. */
export interface DemoGateway {
  readonly url: string;
  readonly caPem: string;
}

/** A running demo gateway, or a function that starts one the first time it is needed. */
export type DemoGatewaySource = DemoGateway | (() => Promise<DemoGateway>);

/** The emulator's seeded demo inspector (team brief): used in demo mode when no agent is configured. */
export const DEMO_INSPECTOR = { agentId: '101', phoneNumber: '70101' } as const;

export interface GatewayTarget {
  readonly baseUrl: string;
  readonly caPem: string[];
  readonly pinSha256: readonly string[] | undefined;
  readonly demo: boolean;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; detail: Notice };

const NO_GATEWAY_URL: Notice = notice('gateway.noUrl');

export interface GatewayTargets {
  /** The gateway these settings name, or why there is none (policy blocked, no URL, CA unreadable, demo failed). */
  resolve(settings: Settings): Promise<Resolved<GatewayTarget>>;
  /** A client for the target, or the reason its settings are not usable. */
  client(target: GatewayTarget, settings: Settings): Resolved<GatewayClient>;
  /** The demo gateway's URL once it runs (the fallback snapshot names it). */
  demoUrl(): string | null;
}

export function createGatewayTargets(deps: {
  readonly logger: Logger;
  /** The admin policy's veto on any gateway (main/settings/settings-store.ts). */
  readonly gatewayBlocked: () => Notice | null;
  readonly demoSource: DemoGatewaySource | null;
}): GatewayTargets {
  const { logger, demoSource } = deps;
  let demoStarting: Promise<DemoGateway> | null = null;
  let demoGateway: DemoGateway | null = null;

  async function runningDemoGateway(source: DemoGatewaySource): Promise<Resolved<DemoGateway>> {
    if (typeof source !== 'function') return { ok: true, value: (demoGateway = source) };
    demoStarting ??= source();
    try {
      return { ok: true, value: (demoGateway = await demoStarting) };
    } catch (error) {
      demoStarting = null;
      const code = (error as NodeJS.ErrnoException | null)?.code ?? 'unknown error';
      logger.error('demo gateway could not start', { code });
      return { ok: false, detail: notice('gateway.demoFailed', { code }) };
    }
  }

  return {
    async resolve(settings) {
      const blocked = deps.gatewayBlocked();
      if (blocked) return { ok: false, detail: blocked };
      if (settings.gatewayUrl === null) {
        if (!demoSource) return { ok: false, detail: NO_GATEWAY_URL };
        const demo = await runningDemoGateway(demoSource);
        if (!demo.ok) return demo;
        return { ok: true, value: { baseUrl: demo.value.url, caPem: [demo.value.caPem], pinSha256: undefined, demo: true } };
      }
      let caPem: string[] = [];
      if (settings.caFile !== null) {
        const ca = await readCaFile(settings.caFile);
        if (!ca.ok) return ca;
        caPem = [ca.value];
      }
      return { ok: true, value: { baseUrl: settings.gatewayUrl, caPem, pinSha256: pinSetOf(settings).length > 0 ? pinSetOf(settings) : undefined, demo: false } };
    },

    client(target, settings) {
      try {
        return {
          ok: true,
          value: new GatewayClient({
            baseUrl: target.baseUrl,
            ...(target.caPem.length > 0 && { caPem: target.caPem }),
            ...(target.pinSha256 !== undefined && { pinSha256: target.pinSha256 }),
            timeoutMs: settings.requestTimeoutMs,
            agentIdUpperBound: settings.agentIdUpperBound,
            logger,
          }),
        };
      } catch (error) {
        const reason: Notice = error instanceof GatewayConfigError ? error.text : noticeIn(() => (error instanceof Error ? error.message : String(error)));
        return { ok: false, detail: noticeIn((language) => NOTICES[language]['gateway.settingsUnusable']({ reason: reason[language] })) };
      }
    },

    demoUrl: () => demoGateway?.url ?? null,
  };
}

async function readCaFile(caFile: string): Promise<Resolved<string>> {
  try {
    return { ok: true, value: await readFile(caFile, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return {
      ok: false,
      detail: notice('gateway.caUnreadable', { caFile, code }),
    };
  }
}
