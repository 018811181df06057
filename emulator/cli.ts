import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from './index';
import { DEFAULT_CROWD_SIZE, DEMO_PASSWORD, DEMO_PHONE, MAX_CROWD_SIZE, SEED_AGENTS } from './seed';

/** `npm run emulator`: the emulator standalone, for manual runs, curl and the app's demo mode. */

function positiveInt(name: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(`--${name} must be a whole number${allowZero ? ' ≥ 0' : ' ≥ 1'} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

function usage(): string {
  return [
    'Usage: npm run emulator -- [--port 8043] [--static] [--guid-interval-ms 60000] [--guid-timeout-ms 120000]',
    '                           [--max-idle-ms 120000] [--poll-hold-ms 10000] [--ca-out .emulator/ca.pem]',
    `                           [--crowd-size ${DEFAULT_CROWD_SIZE}]   (generated VDN 1 agents from 1005, for the roster)`,
  ].join('\n');
}

function demoText(url: string, caPath: string, auth: string, crowdSize: number): string {
  const base = `${url}/agentgateway/resource`;
  const json = `-H 'Content-Type: application/json; charset=UTF-8'`;
  const vdns = [...new Set(SEED_AGENTS.map((a) => a.vdn))].map((vdn) => {
    const inVdn = SEED_AGENTS.filter((a) => a.vdn === vdn);
    const inspectors = inVdn.filter((a) => a.role === 'inspector').map((a) => a.id);
    const agents = inVdn.filter((a) => a.role === 'agent').map((a) => `${a.id}${a.onCall ? ' (on a call)' : ''}`);
    return `  VDN ${vdn}: inspectors ${inspectors.join(', ')}; agents ${agents.join(', ')}`;
  });
  return [
    `CC-Gateway emulator listening on ${url}`,
    `CA certificate: ${caPath}`,
    `Authentication: ${auth}`,
    '',
    `Demo accounts (password ${DEMO_PASSWORD}, phone ${DEMO_PHONE}; valid phones 70000-79999):`,
    ...vdns,
    ...(crowdSize > 0 ? [`  VDN 1 also: ${crowdSize} generated agents, ${1005}-${1004 + crowdSize} (about two in five on a call)`] : []),
    '',
    'Try it (sign in, start whispering to 1002, stop):',
    `  GUID=$(curl -s --cacert '${caPath}' -X PUT ${json} -d '{"password":"${DEMO_PASSWORD}","phonenum":"${DEMO_PHONE}"}' -D - -o /dev/null '${base}/onlineagent/101' | tr -d '\\r' | sed -n 's/^set-guid: JSESSIONID=//Ip')`,
    `  curl --cacert '${caPath}' -X POST ${json} -H "Guid: $GUID" '${base}/qualitycontrol/101/requestwhisperagent?whisperagentid=1002'`,
    `  curl --cacert '${caPath}' -X POST ${json} -H "Guid: $GUID" '${base}/qualitycontrol/101/requeststopwhisperagent?whisperagentid=1002'`,
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      static: { type: 'boolean', default: false },
      'guid-interval-ms': { type: 'string' },
      'guid-timeout-ms': { type: 'string' },
      'max-idle-ms': { type: 'string' },
      'poll-hold-ms': { type: 'string' },
      'crowd-size': { type: 'string' },
      'ca-out': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage());
    return;
  }
  const guidIntervalMs = positiveInt('guid-interval-ms', values['guid-interval-ms'], 60_000);
  const guidTimeoutMs = positiveInt('guid-timeout-ms', values['guid-timeout-ms'], 120_000);
  // §4: GUIDINTERVAL must be smaller than GUIDTIMEOUT, or a polling client would still lose its Guid.
  if (!values.static && guidIntervalMs >= guidTimeoutMs) throw new Error('--guid-interval-ms must be smaller than --guid-timeout-ms');
  const crowdSize = positiveInt('crowd-size', values['crowd-size'], DEFAULT_CROWD_SIZE, true);
  if (crowdSize > MAX_CROWD_SIZE) throw new Error(`--crowd-size is at most ${MAX_CROWD_SIZE}`);
  const caPath = resolve(values['ca-out'] ?? '.emulator/ca.pem');
  const emulator = await startEmulator({
    port: positiveInt('port', values.port, 8043, true),
    authMode: values.static ? 'static' : 'dynamic',
    guidIntervalMs,
    guidTimeoutMs,
    maxIdleMs: positiveInt('max-idle-ms', values['max-idle-ms'], 120_000),
    pollHoldMs: positiveInt('poll-hold-ms', values['poll-hold-ms'], 10_000, true),
    caOutPath: caPath,
    crowdSize,
  });
  const auth = values.static ? 'static (one Guid per sign-in)' : `dynamic (rotates every ${guidIntervalMs} ms, expires ${guidTimeoutMs} ms after issue)`;
  console.log(demoText(emulator.url, caPath, auth, crowdSize));
  const stop = (signal: string): void => {
    console.log(`\n${signal}: stopping the emulator`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`emulator: ${error instanceof Error ? error.message : String(error)}`);
  console.error(usage());
  process.exit(2);
});
