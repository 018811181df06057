import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';

/**
 * The main-process code is tested on the Node major Electron embeds (Electron 45: Node 22), not on
 * whatever Node the machine has: the `node` dev dependency puts Node 22 at node_modules/.bin/node, and
 * npm scripts run on it. Running a test file outside npm (plain `npx vitest` on an older Node) fails here.
 */
const root = resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

describe('the Node the tests run on', () => {
  it('is the major Electron embeds, from the pinned dev dependency', () => {
    const pinned = manifest.devDependencies.node;
    expect(pinned, 'package.json pins the `node` dev dependency').toMatch(/^22\.\d+\.\d+$/);
    expect(process.versions.node.split('.')[0]).toBe('22');
  });

  it('has the OS trust store API the gateway and the collector rely on (Node ≥ 22.15)', () => {
    expect(typeof tls.getCACertificates).toBe('function');
    expect(Array.isArray(tls.getCACertificates('system'))).toBe(true);
  });
});
