import { createContext, useContext, useEffect, useState } from 'react';
import type { Language } from '../../../app/i18n/language';
import { en, type MessageKey, type PanelKey } from '../../../app/i18n/panel-en';

export type { MessageKey, PanelKey };
/** Translates the keys K: the first load's by default; a view's own with useViewI18n (i18n/views.ts). */
export type Translate<K extends MessageKey = PanelKey> = (key: K, values?: Readonly<Record<string, string | number>>) => string;

/**
 * English is in the bundle, the views' own English strings arrive with the views (addEnglish);
 * Chinese is fetched (a separate chunk) only when it is the language shown, so a panel never carries
 * the catalogue it does not display.
 */
type Strings = { [K in MessageKey]?: string };
const english: Strings = { ...en };
const loaded: Partial<Record<Language, Readonly<Strings>>> = { en: english };
const LOADERS: Readonly<Record<Language, () => Promise<Readonly<Strings>>>> = {
  en: () => Promise.resolve(english),
  'zh-CN': () => import('../../../app/i18n/panel-zh-CN').then((module) => module.zhCN),
};

/** 'system' follows the OS locale (the page's navigator.language here, app.getLocale() in main). */
export { resolveLanguage } from '../../../app/i18n/language';

/** Adds strings that arrive with a view's chunk; every translator reads them from then on. */
export function addEnglish(strings: Readonly<Strings>): void {
  Object.assign(english, strings);
}

export function translator(language: Language): Translate<MessageKey> {
  const messages = loaded[language] ?? english;
  return (key, values) => {
    // A view's string is there before the view renders (its chunk brings it); the key is a last resort.
    const text = messages[key] ?? english[key] ?? key;
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
}

/**
 * Loads a language's catalogue (once); translator() uses it from then on. Resolves to the language
 * that can be shown: English when the catalogue's chunk could not be loaded, so the panel (and Stop)
 * never waits on it.
 */
export async function loadCatalogue(language: Language): Promise<Language> {
  if (loaded[language]) return language;
  try {
    loaded[language] = await LOADERS[language]();
    return language;
  } catch (error) {
    // The error's kind only; a later render asks again.
    console.warn(`panel catalogue ${language} could not be loaded; showing English`, error instanceof Error ? error.name : typeof error);
    return 'en';
  }
}

/** The language's catalogue once it is loaded (English if it cannot be); until then (a few ms, once) null. */
export function useCatalogue(language: Language): Language | null {
  const [ready, setReady] = useState<Language | null>(() => (loaded[language] ? language : null));
  useEffect(() => {
    if (loaded[language]) {
      setReady(language);
      return;
    }
    let current = true;
    void loadCatalogue(language).then((shown) => {
      if (current) setReady(shown);
    });
    return () => {
      current = false;
    };
  }, [language]);
  return ready;
}

/**
 * The locale dates and times are written in: the system's own when it speaks the display language
 * (en-GB stays day-first and 24-hour), else the display language itself.
 */
export function displayLocale(language: Language): string {
  const system = typeof navigator === 'undefined' ? language : navigator.language;
  return system.toLowerCase().startsWith(language.slice(0, 2).toLowerCase()) ? system : language;
}

export interface I18n<K extends MessageKey = PanelKey> {
  readonly language: Language;
  readonly t: Translate<K>;
}

export const I18nContext = createContext<I18n<MessageKey>>({ language: 'en', t: translator('en') });

/** The first load's strings; a view loaded on first open uses useViewI18n (i18n/views.ts). */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
