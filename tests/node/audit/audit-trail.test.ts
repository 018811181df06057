import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionResult } from '@app/ipc-contract';
import { auditRecordOf, auditRecordSchema } from '@main/audit/audit-record';
import { AuditTrail } from '@main/audit/audit-trail';
import { csvCell, toCsv } from '@main/audit/csv';
import { GatewayClient } from '@main/gateway';
import { nullLogger } from '@main/log/logger';
import { DEMO_PASSWORD, INSPECTOR, PANEL_SENDER, startHarness } from '../ipc/harness';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wc-audit-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function ok(action: ActionResult['action'], target: string | null = null): ActionResult {
  return { ok: true, action, target, retcode: '0', gatewayMessage: '', durationMs: 12.6 };
}

function stopped(target: string, ended: 'whisper' | 'listen' | 'insert'): ActionResult {
  return { ok: true, action: 'stop', target, retcode: '0', gatewayMessage: '', durationMs: 12.6, ended };
}

/** Every file under `dir`, recursively, as text. */
function allFiles(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? allFiles(full) : [{ file: full, text: readFileSync(full, 'utf8') }];
  });
}

describe('audit trail against the emulator', () => {
  it('writes one line per action with time, trigger, target, ok, retcode and duration, and no secret anywhere', async () => {
    const h = await startHarness();
    try {
      // Someone else holds the inspector's agent ID, so the panel must confirm a forced sign-in.
      const other = new GatewayClient({ baseUrl: h.emulator.url, caPem: h.emulator.caPem });
      expect(await other.signIn(INSPECTOR, { password: DEMO_PASSWORD, phonenum: '70101' })).toMatchObject({ ok: true });
      other.close();

      const send = (channel: keyof typeof h.handlers, request: unknown) => h.handlers[channel](request, PANEL_SENDER);
      expect(await send('session:sign-in', { password: DEMO_PASSWORD })).toMatchObject({ ok: false, needsConfirmation: 'force-sign-in' });
      expect(await send('session:sign-in', { password: DEMO_PASSWORD, force: true })).toMatchObject({ ok: true, action: 'force-sign-in' });
      expect(await send('whisper:start', { whisperAgentId: '1002' })).toMatchObject({ ok: true });
      expect(await send('whisper:switch', { mode: 'insert', confirmed: true })).toMatchObject({ ok: true });
      expect(await send('whisper:back-to-listen', {})).toMatchObject({ ok: true });
      expect(await send('whisper:switch', { mode: 'whisper' })).toMatchObject({ ok: true });
      expect(await h.services.actions.stop({ trigger: 'shortcut', whisperAgentId: '1002' })).toMatchObject({ ok: true });
      expect(await h.services.actions.stop({ trigger: 'tray' })).toMatchObject({ ok: false });
      expect(await send('session:sign-out', {})).toMatchObject({ ok: true });
      await h.services.dispose();

      const lines = readFileSync(h.services.auditFilePath, 'utf8').trimEnd().split('\n');
      const records = lines.map((line) => auditRecordSchema.parse(JSON.parse(line)));
      expect(records.map((r) => [r.action, r.trigger, r.target, r.ok, r.retcode])).toEqual([
        ['sign-in', 'panel', null, false, '100-002'],
        ['force-sign-in', 'panel', null, true, '0'],
        ['start', 'panel', '1002', true, '0'],
        // A switch names the agent it acts on, the one monitored (app/monitoring.ts planSwitch).
        ['switch', 'panel', '1002', true, '0'],
        ['back-to-listen', 'panel', '1002', true, '0'],
        ['switch', 'panel', '1002', true, '0'],
        ['stop', 'shortcut', '1002', true, '0'],
        ['stop', 'tray', null, false, '900-004'],
        ['sign-out', 'panel', null, true, '0'],
      ]);
      expect(records.find((r) => r.action === 'stop' && r.ok)?.ended).toBe('whisper');
      for (const record of records) {
        // A stop that worked says what it ended (the history names it with Stop's words).
        const ended = record.action === 'stop' && record.ok ? ['ended'] : [];
        expect(Object.keys(record).sort()).toEqual(['action', 'at', 'durationMs', ...ended, 'failure', 'id', 'inspector', 'ok', 'retcode', 'target', 'time', 'trigger']);
        expect(record.inspector).toBe(INSPECTOR);
        expect(Number.isInteger(record.durationMs) && record.durationMs >= 0).toBe(true);
        expect(new Date(record.time).getTime()).toBe(record.at);
      }

      const secrets = [...h.emulator.control.issuedGuids(INSPECTOR), DEMO_PASSWORD];
      expect(secrets.length).toBeGreaterThan(2);
      for (const { file, text } of allFiles(h.userDataDir)) {
        for (const secret of secrets) expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
        expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
      }
    } finally {
      await h.close();
    }
  });
});

describe('audit records', () => {
  it('carry only agent IDs and retcodes: anything else in those fields is dropped', () => {
    const guid = `${randomUUID()}.AgentGateway0`;
    const weird: ActionResult = {
      ok: false,
      action: 'stop',
      target: guid,
      failure: { kind: 'retcode', retcode: guid, gatewayMessage: `your guid is ${guid}` },
      durationMs: Number.NaN,
    };
    const record = auditRecordOf(weird, 'tray', 1_700_000_000_000);
    expect(record).toEqual({
      time: '2023-11-14T22:13:20.000Z', at: 1_700_000_000_000, action: 'stop', trigger: 'tray', target: null, ok: false, retcode: null, failure: 'retcode', durationMs: 0,
    });
    expect(JSON.stringify(record)).not.toContain(guid);
    expect(auditRecordOf({ ...ok('stop', '1002'), retriedWithoutTarget: true }, 'panel', 0)).toMatchObject({ retriedWithoutTarget: true, durationMs: 13, retcode: '0' });
  });
});

describe('audit file rotation and history', () => {
  it('rotates by size, keeps 3 old files, and reloads the last 20 for history', async () => {
    const dir = await tempDir();
    let now = 1_700_000_000_000;
    const trail = await AuditTrail.open({ dir, logger: nullLogger, maxBytes: 1500, keep: 3, now: () => (now += 1000) });
    const changes: number[] = [];
    trail.onChange((history) => changes.push(history.length));
    for (let i = 0; i < 60; i += 1) trail.record(ok('stop', String(1001 + i)), 'tray');
    await trail.flush();
    expect(changes.at(-1)).toBe(20);
    expect(trail.history().map((e) => e.target)).toEqual(Array.from({ length: 20 }, (_, i) => String(1041 + i)));

    const files = readdirSync(dir).sort();
    expect(files).toEqual(['audit.1.jsonl', 'audit.2.jsonl', 'audit.3.jsonl', 'audit.jsonl']);
    for (const file of files) expect(statSync(path.join(dir, file)).size).toBeLessThanOrEqual(1500);

    const reopened = await AuditTrail.open({ dir, logger: nullLogger, maxBytes: 1500, keep: 3 });
    expect(reopened.history()).toEqual(trail.history());

    // Oldest first across the kept files; the very first lines were rotated away.
    const csvLines = (await reopened.toCsv()).trimEnd().split('\r\n');
    const targets = csvLines.slice(1).map((line) => line.split(',')[3]);
    expect(targets.at(-1)).toBe('1060');
    expect(targets).toEqual([...targets].sort());
    expect(targets.length).toBeLessThan(60);
  });

  it('keeps what a stop ended (a listen, a barge-in) in the history, across a restart', async () => {
    const dir = await tempDir();
    const trail = await AuditTrail.open({ dir, logger: nullLogger });
    trail.record(stopped('1002', 'listen'), 'panel');
    trail.record(stopped('1003', 'insert'), 'tray');
    trail.record(stopped('1004', 'whisper'), 'shortcut');
    await trail.flush();
    expect(trail.history().map((entry) => entry.ended)).toEqual(['listen', 'insert', 'whisper']);
    const reopened = await AuditTrail.open({ dir, logger: nullLogger });
    expect(reopened.history()).toEqual(trail.history());
  });

  it('writes the line after the turn, with the values the action had when recorded', async () => {
    const dir = await tempDir();
    const trail = await AuditTrail.open({ dir, logger: nullLogger, now: () => 1_700_000_000_000, inspector: () => '101' });
    const result: ActionResult = { ok: false, action: 'stop', target: '1002', failure: { kind: 'retcode', retcode: '900-004', gatewayMessage: 'x' }, durationMs: 7, retriedWithoutTarget: true };
    trail.record(result, 'tray');
    expect(trail.history().at(-1)).toMatchObject({ action: 'stop', target: '1002', retcode: '900-004', durationMs: 7 });
    Object.assign(result, { target: '1003', durationMs: 99 });
    await trail.flush();
    const [line] = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(line as string)).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      time: '2023-11-14T22:13:20.000Z', at: 1_700_000_000_000, action: 'stop', trigger: 'tray', target: '1002', ok: false, retcode: '900-004', failure: 'retcode', durationMs: 7, retriedWithoutTarget: true,
      inspector: '101',
    });
    // The ID is written first, so the forwarder finds a record by it without parsing the line.
    expect(line).toMatch(/^\{"id":"/);
  });

  it('skips damaged lines instead of trusting them', async () => {
    const dir = await tempDir();
    const trail = await AuditTrail.open({ dir, logger: nullLogger });
    trail.record(ok('start', '1002'), 'panel');
    await trail.flush();
    await appendFile(path.join(dir, 'audit.jsonl'), 'not json\n{"action":"stop","guid":"x"}\n{"time":"t","at":1,"action":"rm -rf","trigger":"panel","target":null,"ok":true,"retcode":"0","failure":null,"durationMs":1}\n');
    const reopened = await AuditTrail.open({ dir, logger: nullLogger });
    expect(reopened.history()).toHaveLength(1);
    expect(reopened.history()[0]).toMatchObject({ action: 'start', target: '1002', trigger: 'panel' });
  });

  it('exports CSV into the export folder', async () => {
    const dir = await tempDir();
    const trail = await AuditTrail.open({ dir, logger: nullLogger, now: () => Date.UTC(2026, 10, 24, 21, 0, 0) });
    trail.record(ok('stop', '1002'), 'shortcut');
    trail.record({ ok: false, action: 'start', target: '1003', failure: { kind: 'timeout', timeoutMs: 5000 }, durationMs: 5001 }, 'panel');
    const file = await trail.exportCsv(path.join(dir, 'exports'));
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(
      'time,action,trigger,target,ok,retcode,failure,durationMs,retriedWithoutTarget\r\n' +
        '2026-11-24T21:00:00.000Z,stop,shortcut,1002,true,0,,13,false\r\n' +
        '2026-11-24T21:00:00.000Z,start,panel,1003,false,,timeout,5001,false\r\n',
    );
  });
});

describe('CSV cells', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`).startsWith(`'${start}`) || csvCell(`${start}1+1`).startsWith(`"'${start}`)).toBe(true);
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('-2+3,4')).toBe('"\'-2+3,4"');
    expect(csvCell('100-006')).toBe('100-006');
    expect(toCsv(['a', 'b'], [['=x', 'y']])).toBe("a,b\r\n'=x,y\r\n");
  });
});
