import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import plist from 'plist';
import { describe, expect, it } from 'vitest';
import { forwardingPolicySchema } from '@main/audit/forwarding-policy';
import { combinePolicy } from '@main/settings/policy';
import { nativeToPolicyJson, nativeType, POLICY_CATALOGUE, type NativeValues } from '@main/settings/policy-catalogue';
import { SETTINGS_KEYS } from '@main/settings/schema';
import { updatesPolicySchema } from '@main/settings/updates-policy';
import { policyTemplates } from '../../../scripts/policy-templates';

/**
 * The ADMX/ADML (Group Policy, Intune) and the sample .mobileconfig (macOS) are generated from the
 * settings schema (scripts/policy-templates.ts) and committed under build/policy/. This fails when a
 * policy key is missing from them, when they are not well-formed, or when the committed files are stale.
 */
const policyDir = join(resolve(__dirname, '../../..'), 'build', 'policy');
const generated = policyTemplates();
const committed = (file: string) => readFileSync(join(policyDir, file), 'utf8');

function parseXml(text: string, file: string): Document {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(text, 'text/xml');
  expect(problems, `${file} is well-formed XML`).toEqual([]);
  return doc;
}

const elements = (doc: Document, name: string): Element[] => Array.from(doc.getElementsByTagName(name));

describe('the policy catalogue', () => {
  it('covers every setting, every auditForwarding key and every updates key', () => {
    const keys = (section: string) => POLICY_CATALOGUE.filter((entry) => entry.section === section).map((entry) => entry.key).sort();
    expect(keys('locked')).toEqual([...SETTINGS_KEYS].sort());
    expect(keys('auditForwarding')).toEqual(Object.keys(forwardingPolicySchema.shape).sort());
    expect(keys('updates')).toEqual(Object.keys(updatesPolicySchema.shape).sort());
  });
});

describe('the generated templates', () => {
  it('are committed as generated (run `npx tsx scripts/generate-policy-templates.ts` after changing a setting)', () => {
    for (const [file, content] of Object.entries(generated)) expect(committed(file), file).toBe(content);
  });

  it('ADMX: well-formed, one policy per key under Software\\Policies\\WhisperControl, value types the watcher reads', () => {
    const doc = parseXml(committed('WhisperControl.admx'), 'WhisperControl.admx');
    const policies = new Map(elements(doc, 'policy').map((policy) => [policy.getAttribute('name'), policy]));
    expect([...policies.keys()].sort()).toEqual(POLICY_CATALOGUE.map((entry) => entry.name).sort());
    for (const entry of POLICY_CATALOGUE) {
      const policy = policies.get(entry.name) as Element;
      expect(policy.getAttribute('key')).toBe('SOFTWARE\\Policies\\WhisperControl');
      const type = nativeType(entry.kind);
      const valueNames = [policy, ...Array.from(policy.getElementsByTagName('*'))].map((el) => el.getAttribute('valueName')).filter(Boolean);
      expect(valueNames, entry.name).toEqual([entry.name]);
      // REG_DWORD for a boolean (decimal), REG_QWORD for a number (longDecimal), REG_SZ for text.
      if (type === 'boolean') expect(policy.getElementsByTagName('enabledValue')[0]?.getElementsByTagName('decimal').length).toBe(1);
      if (type === 'number') expect(policy.getElementsByTagName('longDecimal').length).toBeGreaterThan(0);
      if (entry.section !== 'locked') expect(policy.getAttribute('class')).toBe('Machine');
    }
  });

  for (const language of ['en-US', 'zh-CN']) {
    it(`ADML (${language}): well-formed, with every string and presentation the ADMX refers to`, () => {
      const admx = committed('WhisperControl.admx');
      const doc = parseXml(committed(`${language}/WhisperControl.adml`), `${language}/WhisperControl.adml`);
      const strings = new Map(elements(doc, 'string').map((s) => [s.getAttribute('id'), s.textContent ?? '']));
      const presentations = new Set(elements(doc, 'presentation').map((p) => p.getAttribute('id')));
      const stringRefs = [...admx.matchAll(/\$\(string\.([^)]+)\)/g)].map((m) => m[1]);
      const presentationRefs = [...admx.matchAll(/\$\(presentation\.([^)]+)\)/g)].map((m) => m[1]);
      for (const ref of stringRefs) expect(strings.get(ref ?? ''), `string ${ref}`).toBeTruthy();
      for (const ref of presentationRefs) expect(presentations.has(ref ?? ''), `presentation ${ref}`).toBe(true);
      for (const entry of POLICY_CATALOGUE) expect(strings.get(`${entry.name}_Explain`)).toContain(entry.name);
      if (language === 'zh-CN') expect(strings.get('gatewayUrl')).toBe('网关地址');
    });
  }

  it('sample .mobileconfig: a valid plist naming every key with the type the managed preferences hold, and a valid policy', () => {
    const profile = plist.parse(committed('com.whispercontrol.app.mobileconfig')) as { PayloadContent: Record<string, unknown>[] };
    const payload = profile.PayloadContent[0] as Record<string, unknown>;
    expect(payload['PayloadType']).toBe('com.whispercontrol.app');
    for (const entry of POLICY_CATALOGUE) expect(typeof payload[entry.name], entry.name).toBe(nativeType(entry.kind));
    const native = Object.fromEntries(POLICY_CATALOGUE.map((entry) => [entry.name, payload[entry.name]])) as NativeValues;
    expect(Object.keys(nativeToPolicyJson(native)).sort()).toEqual(['auditForwarding', 'locked', 'updates']);
    const load = combinePolicy('(profile)', null, native);
    expect(load.status === 'invalid' ? load.problem : load.status).toBe('ok');
  });
});
