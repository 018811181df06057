import { createContext, useContext } from 'react';
import type { Language } from '../../../app/i18n/language';
import type { Settings } from '../../../app/settings';
import { en, type MessageKey, type Messages } from '../../../app/i18n/panel-en';
import { zhCN } from '../../../app/i18n/panel-zh-CN';

export type { MessageKey };
export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

const CATALOGUES: Readonly<Record<Language, Messages>> = { en, 'zh-CN': zhCN };

/** 'system' follows the OS locale as the page sees it; any Chinese locale gets Simplified Chinese. */
export function resolveLanguage(preference: Settings['language'], systemLocale: string): Language {
  if (preference !== 'system') return preference;
  return systemLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

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
