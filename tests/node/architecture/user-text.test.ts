import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files';
import { AGENT_ID_MESSAGES } from '@app/i18n/agent-id';
import type { Translations } from '@app/i18n/catalogue';
import { FAILURE_EXPLANATIONS } from '@app/i18n/failure-explanations';
import { LANGUAGES } from '@app/i18n/language';
import { NOTICES } from '@app/i18n/notices';
import { en as panelEn } from '@app/i18n/panel-en';
import { enViews as panelEnViews } from '@app/i18n/panel-en-views';
import { zhCN as panelZh } from '@app/i18n/panel-zh-CN';
import { RETCODES } from '@app/i18n/retcodes';
import { PREVIEW_STRINGS } from '@app/i18n/preview';
import { SHELL_STRINGS } from '@app/i18n/shell';
import { VALIDATION_MESSAGES } from '@app/i18n/validation';

/**
 * User text has one home: the keyed catalogues in app/i18n/, one book per language.
 *
 * (a) Every catalogue has every key in every language, each a non-empty sentence. The types
 *     already refuse a missing key or language (see the ts-expect-error lines below); this checks
 *     the built objects too.
 * (b) main/ holds no user-facing string literal. "User-facing" is judged from the source, not
 *     guessed from the wording:
 *       1. any string or template literal containing CJK characters (Chinese is only ever for a person);
 *       2. a language-keyed literal: a property `en`, `zh`, `'zh-CN'` or `messageZh` whose value is a
 *          string or template literal (a hand-made Notice or validation failure);
 *       3. a sentence handed to a person: a string or template literal that starts with a capital
 *          letter or a quotation mark and has a space in it, given as a `message` property or as an
 *          argument to `validationFailure`, `invalid` or `new GatewayConfigError`.
 *     Messages for IT in the log (`logger.info('…')`, log fields) and codes are not user-facing and
 *     stay inline; so do values shown inside a catalogue sentence (a path, an OS error code).
 *     The same rule holds for renderer/ and for app/ outside app/i18n.
 */

const root = resolve(__dirname, '../../..');



const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
const LANGUAGE_KEYS = new Set(['en', 'zh', 'zh-CN', 'messageZh']);
const SENTENCE_TAKERS = new Set(['validationFailure', 'invalid', 'GatewayConfigError']);

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('${}');
  return null;
}

function isSentence(text: string): boolean {
  return /^[A-Z“"‘]/.test(text) && text.includes(' ');
}

function propertyName(name: ts.PropertyName): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return null;
}

function calleeName(node: ts.CallExpression | ts.NewExpression): string | null {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return null;
}

/** Every user-facing literal in one file's source, as `line: text`. */
export function userFacingLiterals(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, why: string) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    found.push(`${fileName}:${line} ${why}: ${node.getText(file).slice(0, 80)}`);
  };
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    if (text !== null && CJK.test(text)) report(node, 'Chinese text');
    if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node.name);
      const value = literalText(node.initializer);
      if (name !== null && value !== null && LANGUAGE_KEYS.has(name)) report(node, `language-keyed literal (${name})`);
      if (name === 'message' && value !== null && isSentence(value)) report(node, 'sentence as a message');
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const name = calleeName(node);
      if (name !== null && SENTENCE_TAKERS.has(name)) {
        for (const argument of node.arguments ?? []) {
          const value = literalText(argument);
          if (value !== null && isSentence(value)) report(argument, `sentence given to ${name}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('user text has one home (app/i18n)', () => {
  const catalogues: Record<string, Translations<Readonly<Record<string, unknown>>>> = {
    notices: NOTICES,
    validation: VALIDATION_MESSAGES,
    'agent-id': AGENT_ID_MESSAGES,
    shell: SHELL_STRINGS as unknown as Translations<Readonly<Record<string, unknown>>>,
    'failure explanations': FAILURE_EXPLANATIONS,
    // English in two halves (the first load's, the views'); one catalogue with one set of keys.
    panel: { en: { ...panelEn, ...panelEnViews }, 'zh-CN': panelZh },
    preview: PREVIEW_STRINGS as unknown as Translations<Readonly<Record<string, unknown>>>,
  };
  /** Any parameter a phrase reads: a string, which is all these tests need to call every phrase. */
  const anyParams = new Proxy({}, { get: (_target, key) => (key === Symbol.toPrimitive ? () => 'x' : 'x') });

  it.each(Object.entries(catalogues))('the %s catalogue has every key in every language, none empty', (_name, catalogue) => {
    const keys = Object.keys(catalogue.en).sort();
    expect(keys.length).toBeGreaterThan(0);
    for (const language of LANGUAGES) {
      const book = catalogue[language];
      expect(Object.keys(book).sort(), `${language} keys`).toEqual(keys);
      for (const key of keys) {
        const entry = book[key];
        const text = typeof entry === 'function' ? (entry as (p: unknown, ...rest: unknown[]) => unknown)(anyParams, anyParams, anyParams) : entry;
        expect(typeof text, `${language} ${key}`).toBe('string');
        expect((text as string).trim(), `${language} ${key}`).not.toBe('');
      }
    }
  });

  it('words every retcode in every language', () => {
    for (const [code, entry] of Object.entries(RETCODES)) {
      expect(entry.en.trim(), `${code} en`).not.toBe('');
      expect(entry.zh.trim(), `${code} zh-CN`).not.toBe('');
      expect(CJK.test(entry.zh), `${code} zh-CN is Chinese`).toBe(true);
    }
  });

  it('refuses a missing key or language at compile time', () => {
    const { 'gateway.starting': _dropped, ...withoutOneKey } = NOTICES['zh-CN'];
    // @ts-expect-error a book without one of the English keys is not a NoticeBook
    const incompleteBook: (typeof NOTICES)['zh-CN'] = withoutOneKey;
    // @ts-expect-error a catalogue without a language does not compile
    const oneLanguage: typeof NOTICES = { en: NOTICES.en };
    expect(incompleteBook).toBeDefined();
    expect(oneLanguage).toBeDefined();
  });

  it('recognises each kind of user-facing literal (the rule itself is tested)', () => {
    const sample = [
      "const a = { en: 'Stopped.', 'zh-CN': '已停止。' };",
      "const b = { kind: 'validation', message: 'Password is required.', zh: x };",
      "throw new GatewayConfigError('baseUrl', 'The gateway URL is required.');",
      "logger.info('gateway reconfigured', { code: 'ECONNRESET' });",
      "const c = { message: notice('gateway.noUrl').en, reason: 'taken' };",
    ].join('\n');
    const found = userFacingLiterals('sample.ts', sample).map((line) => line.split(' ')[0]);
    expect(found).toEqual(['sample.ts:1', 'sample.ts:1', 'sample.ts:1', 'sample.ts:2', 'sample.ts:3']);
  });

  it('finds no user-facing literal in main/ outside the catalogues', () => {
    const files = sourceFiles(join(root, 'main')).map((path) => relative(root, path).split('\\').join('/'));
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((path) => userFacingLiterals(path, readFileSync(join(root, path), 'utf8')));
    expect(found).toEqual([]);
  });

  it('finds none in the renderer or in app/ outside app/i18n either', () => {
    const files = [...sourceFiles(join(root, 'renderer')), ...sourceFiles(join(root, 'app'))]
      .map((path) => relative(root, path).split('\\').join('/'))
      .filter((path) => !path.startsWith('app/i18n/'));
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((path) => userFacingLiterals(path, readFileSync(join(root, path), 'utf8')));
    expect(found).toEqual([]);
  });
});
