import type { Language } from './language';
import type { Notice } from './notice';

/**
 * How the keyed catalogues in app/i18n are typed. The English book defines the keys and each
 * phrase's parameters; every other language is declared with the English book's type, so a
 * missing key, a missing language or different parameters are type errors, and
 * tests/node/app/i18n-catalogue.test.ts checks the same at run time.
 */
export type Phrase = string | ((params: never) => string);
export type Phrasebook = Readonly<Record<string, Phrase>>;
export type Translations<B> = Readonly<Record<Language, B>>;

/** The arguments a phrase takes: none for a plain string, its parameter object for a function. */
export type ParamsOf<P> = P extends (params: infer A) => string ? [params: A] : [];

export function phrase<B extends Phrasebook, K extends keyof B & string>(book: B, key: K, ...params: ParamsOf<B[K]>): string {
  const entry = book[key] as Phrase;
  return typeof entry === 'string' ? entry : (entry as (p: unknown) => string)(params[0]);
}

/** One key of a catalogue worded in every language: what main sends the panel and the tray. */
export function noticeOf<B extends Phrasebook, K extends keyof B & string>(books: Translations<B>, key: K, ...params: ParamsOf<B[K]>): Notice {
  return { en: phrase(books.en, key, ...params), 'zh-CN': phrase(books['zh-CN'], key, ...params) };
}
