import { createContext, useContext } from 'react';
import type { Language } from '../../../app/i18n/language';
import { en, type MessageKey, type Messages } from '../../../app/i18n/panel-en';
import { zhCN } from '../../../app/i18n/panel-zh-CN';

export type { MessageKey };
export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

const CATALOGUES: Readonly<Record<Language, Messages>> = { en, 'zh-CN': zhCN };

/** 'system' follows the OS locale (the page's navigator.language here, app.getLocale() in main). */
export { resolveLanguage } from '../../../app/i18n/language';

export function translator(language: Language): Translate {
  const messages = CATALOGUES[language];
  return (key, values) => {
    const text = messages[key];
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
}

export interface I18n {
  readonly language: Language;
  readonly t: Translate;
}

export const I18nContext = createContext<I18n>({ language: 'en', t: translator('en') });

export function useI18n(): I18n {
  return useContext(I18nContext);
}
