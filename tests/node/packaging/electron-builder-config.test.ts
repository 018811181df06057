import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import plist from 'plist';
import { describe, expect, it } from 'vitest';
import { TRAY_ICON_STATES, trayIconFileName } from '@main/platform/tray-icons';
import { UPGRADE_REQUEST_FILE } from '@main/updates/upgrade-request';
import { pngHeader } from './image-formats';

/**
 * electron-builder.yml is checked the way electron-builder itself checks it (its scheme.json, through ajv,
 * and its own validateConfiguration), then for the choices that matter for a fleet deployment.
 */
const root = resolve(__dirname, '../../..');
const configText = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const config: Json = yaml.load(configText);
const schema: Json = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'));

function schemaValidator() {
  // electron-builder compiles scheme.json with these options (app-builder-lib/out/util/config/schemaValidator.js).
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

/** Glob → RegExp for the two wildcards the files filter uses. */
function globToRegExp(glob: string): RegExp {
  const source = glob
    .split(/(\*\*\/?|\*)/)
    .map((part) => (part === '**' || part === '**/' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** electron-builder semantics: the last matching pattern wins, a leading "!" excludes. */
function isPackaged(path: string, patterns: string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (globToRegExp(negated ? pattern.slice(1) : pattern).test(path)) included = !negated;
  }
  return included;
}

describe('electron-builder.yml against electron-builder’s own schema', () => {
  it('is valid according to app-builder-lib/scheme.json', () => {
    const validate = schemaValidator();
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('passes electron-builder’s validateConfiguration', async () => {
    const { validateConfiguration } = await import('app-builder-lib/out/util/config/config');
    const { DebugLogger } = await import('builder-util');
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would catch a misspelt option (the validation is not vacuous)', () => {
    const validate = schemaValidator();
    expect(validate({ ...config, nsis: { ...config.nsis, perMachin: true } })).toBe(false);
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodes: false } })).toBe(false);
  });
});

describe('what the packages contain', () => {
  it('identifies the product', () => {
    expect(config.appId).toBe('com.whispercontrol.app');
    expect(config.productName).toBe('Whisper Control');
    expect(config.directories).toEqual({ buildResources: 'build', output: 'dist' });
  });

  it('ships only the built bundles and package.json, leaving tests and development code out', () => {
    const patterns: string[] = config.files;
    expect(patterns.filter((p) => !p.startsWith('!')).sort()).toEqual(['out/**', 'package.json']);
    for (const path of ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js', 'package.json']) {
      expect(isPackaged(path, patterns), path).toBe(true);
    }
    for (const path of [
      'tests/node/packaging/electron-builder-config.test.ts',
      'tests/support/emulator.ts',
      'emulator/index.ts',
      'main/index.ts',
      'app/settings.ts',
      'docs/deployment.md',
      'bench/stop-latency.ts',
      'scripts/generate-icons.ts',
      'out/main/index.js.map',
      'build/icon.svg',
      'electron-builder.yml',
    ]) {
      expect(isPackaged(path, patterns), path).toBe(false);
    }
  });

  it('builds the app entry point it packages', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(isPackaged(pkg.main.replace(/^\.\//, ''), config.files)).toBe(true);
    expect(pkg.scripts.dist).toContain('electron-builder --config electron-builder.yml');
    // Production dependencies are added by electron-builder; keytar must be one to be shipped at all.
    expect(Object.keys(pkg.dependencies)).toContain('keytar');
  });

  it('packs into an asar, leaving the native addons (keytar, the policy watcher) unpacked', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/keytar/**/*.node');
    expect(config.asarUnpack).toContain('**/node_modules/@vscode/policy-watcher/**/*.node');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['@vscode/policy-watcher', 'electron-updater']));
  });

  it('flips the fuses that close Node-style entry points and enforce the asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // Every key is one electron-builder knows (a typo would silently leave a fuse at its default).
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
    expect(Object.keys(config.electronFuses).filter((k) => !known.includes(k))).toEqual([]);
  });

  it('copies the tray icons next to the asar, where main/platform/tray-icons.ts looks for them', () => {
    expect(config.extraResources).toEqual([{ from: 'build/icons/tray', to: 'tray', filter: ['**/*'] }]);
  });

  it('registers the whisper-control: URL scheme', () => {
    expect(config.protocols).toEqual([{ name: 'Whisper Control', schemes: ['whisper-control'] }]);
  });

  it('publishes nowhere itself: a generic feed placeholder only makes latest*.yml (sha512 per artefact) for the site feed the policy names', () => {
    expect(config.publish).toEqual({ provider: 'generic', url: expect.stringMatching(/^https:\/\/[^/]+\.invalid\//), channel: 'latest' });
  });

  it('names every artifact with version and architecture', () => {
    for (const pattern of [config.artifactName, config.nsis.artifactName, config.msi.artifactName, config.dmg.artifactName, config.appImage.artifactName, config.deb.artifactName]) {
      expect(pattern).toMatch(/\$\{version\}/);
      expect(pattern).toMatch(/\$\{arch\}/);
      expect(pattern).toMatch(/\.\$\{ext\}$/);
    }
  });
});

describe('Windows installer', () => {
  it('builds an x64 NSIS installer and an x64 MSI beside it', () => {
    expect(config.win.target).toEqual([
      { target: 'nsis', arch: ['x64'] },
      { target: 'msi', arch: ['x64'] },
    ]);
  });

  it('makes the MSI per-machine and silent-capable, with a fixed upgrade code so each version upgrades the last', () => {
    expect(config.msi).toMatchObject({ perMachine: true, oneClick: true, runAfterFinish: false, createDesktopShortcut: false });
    expect(config.msi.upgradeCode).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // Every MSI option is one electron-builder knows.
    const known = Object.keys(schema.definitions.MsiOptions.properties);
    expect(Object.keys(config.msi).filter((k) => !known.includes(k))).toEqual([]);
    const docs = readFileSync(join(root, 'docs/deployment.md'), 'utf8');
    for (const words of ['msiexec /i', '/qn', 'Detection rule', config.msi.upgradeCode]) expect(docs).toContain(words);
  });

  it('is an assisted installer offering per-machine installs, elevation and a folder choice', () => {
    expect(config.nsis).toMatchObject({
      oneClick: false,
      // false = show the per-user/per-machine page; /allusers and /currentuser select it silently.
      perMachine: false,
      selectPerMachineByDefault: true,
      allowElevation: true,
      allowToChangeInstallationDirectory: true,
      deleteAppDataOnUninstall: false,
    });
  });

  it('asks a running app to quit for an upgrade and never ends it (NSIS include, MSI wrapper)', () => {
    expect(config.nsis.include).toBe('build/installer.nsh');
    const include = readFileSync(join(root, config.nsis.include), 'utf8');
    // The hook electron-builder's template calls instead of its own close-and-kill step.
    const template = readFileSync(join(root, 'node_modules/app-builder-lib/templates/nsis/include/allowOnlyOneInstallerInstance.nsh'), 'utf8');
    expect(template).toContain('!insertmacro customCheckAppRunning');
    expect(include).toMatch(/^!macro customCheckAppRunning$/m);
    const wrapper = readFileSync(join(root, 'build/windows/upgrade-when-idle.ps1'), 'utf8');
    for (const script of [include, wrapper]) {
      expect(script).toContain('WhisperControl\\quit-for-upgrade');
      expect(script).not.toMatch(/KILL_PROCESS|taskkill|Stop-Process/i);
      expect(script).toContain('1618');
    }
    // The file the running app watches (main/updates/upgrade-request.ts) is the one the installers write.
    expect(UPGRADE_REQUEST_FILE).toBe('quit-for-upgrade');
  });

  it('documents the silent-install flags the installer template actually reads', () => {
    const template = readFileSync(join(root, 'node_modules/app-builder-lib/templates/nsis/assistedInstaller.nsh'), 'utf8');
    for (const flag of ['/allusers', '/currentuser']) expect(template).toContain(`"${flag}"`);
    const docs = readFileSync(join(root, 'docs/deployment.md'), 'utf8');
    for (const flag of ['/S', '/allusers', '/currentuser', '/D=']) expect(docs).toContain(flag);
    expect(configText).toContain('/S /allusers');
  });
});

describe('macOS', () => {
  it('uses the hardened runtime with the committed entitlements, for the app and its helpers', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
    expect(config.mac.category).toMatch(/^public\.app-category\./);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
  });

  it('relaxes only JIT: the entitlements file is a valid plist with nothing broader', () => {
    const entitlements = plist.parse(readFileSync(join(root, config.mac.entitlements), 'utf8'));
    expect(entitlements).toEqual({ 'com.apple.security.cs.allow-jit': true });
  });
});

describe('Linux', () => {
  it('builds an AppImage and a deb', () => {
    expect(config.linux.target).toEqual([
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ]);
    expect(config.linux.executableName).toBe('whisper-control');
  });

  it('makes the deb depend on libsecret-1-0 (keytar’s Secret Service) while keeping electron-builder’s defaults', () => {
    expect(config.deb.depends).toContain('libsecret-1-0');
    const defaults: string[] = schema.definitions.DebOptions.properties.depends.default;
    expect(defaults.filter((d) => !config.deb.depends.includes(d))).toEqual([]);
  });

  it('gives fpm the maintainer and homepage it requires for a deb', () => {
    expect(config.linux.maintainer).toMatch(/<[^>]+@[^>]+>/);
    expect(config.extraMetadata.homepage).toMatch(/^https:\/\//);
  });
});

describe('every icon the configuration refers to exists', () => {
  it('has the Windows, macOS and Linux application icons', () => {
    expect(existsSync(join(root, config.win.icon))).toBe(true);
    expect(existsSync(join(root, config.mac.icon))).toBe(true);
    const linuxIcons = readdirSync(join(root, config.linux.icon));
    // electron-builder reads the size from each file name.
    for (const name of linuxIcons) {
      const match = /^(\d+)x(\d+)\.png$/.exec(name);
      expect(match, name).not.toBeNull();
      const header = pngHeader(readFileSync(join(root, config.linux.icon, name)));
      expect([header.width, header.height]).toEqual([Number(match?.[1]), Number(match?.[2])]);
    }
    expect(linuxIcons).toContain('512x512.png');
    expect(existsSync(join(root, config.directories.buildResources, 'icon.png'))).toBe(true);
  });

  it('has every tray icon file each platform will ask for, with its @2x', () => {
    const trayDir = join(root, config.extraResources[0].from);
    for (const state of TRAY_ICON_STATES) {
      for (const platform of ['win32', 'darwin', 'linux'] as const) {
        const name = trayIconFileName(state, platform);
        expect(existsSync(join(trayDir, name)), name).toBe(true);
        if (name.endsWith('.png')) expect(existsSync(join(trayDir, name.replace(/\.png$/, '@2x.png'))), name).toBe(true);
      }
    }
  });
});
