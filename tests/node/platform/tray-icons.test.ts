import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionSnapshot as snapshot } from '@support/session-snapshot';
import { TRAY_ICON_STATES, trayIconDirectory, trayIconFileName, trayIconPath, trayIconStateOf } from '@main/platform/tray-icons';

const root = resolve(__dirname, '../../..');

describe('tray icon for a session state', () => {
  it('is signed-out until a Guid is held', () => {
    expect(trayIconStateOf(snapshot({ phase: 'signed-out' }))).toBe('signed-out');
    expect(trayIconStateOf(snapshot({ phase: 'signing-in' }))).toBe('signed-out');
  });

  it('is error when the connection is lost or the session expired', () => {
    expect(trayIconStateOf(snapshot({ phase: 'connection-lost' }))).toBe('error');
    expect(trayIconStateOf(snapshot({ phase: 'expired' }))).toBe('error');
  });

  it('draws what the monitoring model says runs: listening, whispering, barging (the customer hears you), else idle', () => {
    expect(trayIconStateOf(snapshot({}))).toBe('idle');
    expect(trayIconStateOf(snapshot({ whisper: { target: '1002', mode: 'listen', since: 0 } }))).toBe('listening');
    expect(trayIconStateOf(snapshot({ whisper: { target: '1002', mode: 'whisper', since: 0 } }))).toBe('whispering');
    expect(trayIconStateOf(snapshot({ whisper: { target: '1002', mode: 'insert', since: 0 } }))).toBe('barging');
    // A whisper left on an expired session is not current (app/monitoring.ts): the error shows.
    expect(trayIconStateOf(snapshot({ phase: 'expired', whisper: { target: '1002', mode: 'whisper', since: 0 } }))).toBe('error');
  });
});

describe('tray icon files', () => {
  it('uses Template PNGs on macOS, ICO on Windows and PNG on Linux', () => {
    expect(trayIconFileName('idle', 'darwin')).toBe('tray-idleTemplate.png');
    expect(trayIconFileName('idle', 'win32')).toBe('tray-idle.ico');
    expect(trayIconFileName('idle', 'linux')).toBe('tray-idle.png');
  });

  it('reads from resources/tray when packaged and build/icons/tray in development', () => {
    expect(trayIconDirectory({ packaged: true, resourcesPath: '/opt/Whisper Control/resources', projectRoot: '/src' })).toBe('/opt/Whisper Control/resources/tray');
    expect(trayIconDirectory({ packaged: false, resourcesPath: '/ignored', projectRoot: root })).toBe(join(root, 'build', 'icons', 'tray'));
  });

  it('points at files that exist in development for every state and platform', () => {
    for (const state of TRAY_ICON_STATES) {
      for (const platform of ['darwin', 'win32', 'linux'] as const) {
        const path = trayIconPath(state, platform, { packaged: false, resourcesPath: '', projectRoot: root });
        expect(existsSync(path), path).toBe(true);
      }
    }
  });
});
