import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '@emulator/index';
import { GatewayClient, type GatewayClientOptions } from '@main/gateway';
import { createLogger, memoryLogSink } from '@main/log/logger';

export const PASSWORD = 'Inspect0r!';
export const PHONE = '70101';
export const CONTENT_TYPE = 'application/json; charset=UTF-8';

/** A real emulator plus a real client trusting its CA, with the client's log lines kept for inspection. */
export interface GatewayFixture {
  emulator: Emulator;
  client: GatewayClient;
  logLines: string[];
  /** Another client on the same emulator, e.g. with a different trust setup. */
  newClient(options?: Partial<GatewayClientOptions>): GatewayClient;
  /** Signs an inspector in with the fixture's client and returns the Guid it was given. */
  signIn(agentId?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startGatewayFixture(
  emulatorOptions: EmulatorOptions = {},
  clientOptions: Partial<GatewayClientOptions> = {},
): Promise<GatewayFixture> {
  const emulator = await startEmulator({ pollHoldMs: 1500, ...emulatorOptions });
  const sink = memoryLogSink();
  const clients: GatewayClient[] = [];
  const newClient = (options: Partial<GatewayClientOptions> = {}) => {
    const c = new GatewayClient({ baseUrl: emulator.url, caPem: emulator.caPem, logger: createLogger(sink), ...options });
    clients.push(c);
    return c;
  };
  const client = newClient(clientOptions);
  return {
    emulator,
    client,
    logLines: sink.lines,
    newClient,
    async signIn(agentId = '101') {
      const outcome = await client.signIn(agentId, { password: PASSWORD, phonenum: PHONE }, { force: true });
      if (!outcome.ok || outcome.setGuid === null) throw new Error(`sign-in of ${agentId} failed: ${JSON.stringify(outcome)}`);
      return outcome.setGuid;
    },
    async close() {
      for (const c of clients) c.close();
      await emulator.close();
    },
  };
}

export interface RigOptions {
  readonly emulator?: EmulatorOptions;
  readonly client?: Partial<GatewayClientOptions>;
  /** Inspector 101 signed in once for the file (default), or afresh before each test. */
  readonly signIn?: 'once' | 'each';
  /** Agents given a call before each test. */
  readonly calls?: readonly string[];
}

/**
 * The gateway tests' shared setup, registered as hooks of the calling file: one emulator and
 * client for the file, inspector 101 signed in, and before each test the journal, faults and log
 * lines cleared. `use` is handed the fixture and the Guid whenever they are (re)set.
 */
export function useGatewayFixture(options: RigOptions = {}, use: (fx: GatewayFixture, guid: string) => void): void {
  let fx: GatewayFixture;
  let guid = '';
  beforeAll(async () => {
    fx = await startGatewayFixture(options.emulator, options.client);
    if (options.signIn !== 'each') guid = await fx.signIn('101');
    use(fx, guid);
  });
  afterAll(() => fx.close());
  beforeEach(async () => {
    if (options.signIn === 'each') guid = await fx.signIn('101');
    for (const agent of options.calls ?? []) fx.emulator.control.startCall(agent);
    fx.emulator.clearJournal();
    fx.emulator.clearFaults();
    fx.logLines.length = 0;
    use(fx, guid);
  });
}
