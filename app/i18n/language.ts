/** The languages every catalogue in app/i18n speaks; a catalogue missing one does not compile. */
export type Language = 'en' | 'zh-CN';

export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

/** The language the shell speaks: the setting, or the OS locale when the setting is 'system'. */
export function resolveLanguage(setting: 'system' | Language, systemLocale: string): Language {
  if (setting !== 'system') return setting;
  // Any Chinese locale ("zh", "zh-TW", "zh_CN" as some systems spell it) gets the Chinese panel.
  return /^zh(?:[-_]|$)/i.test(systemLocale) ? 'zh-CN' : 'en';
}

/** Each language's name for itself, the same in every panel language: what a person looks for to switch. */
export const LANGUAGE_NAMES: Readonly<Record<Language, { readonly name: string; readonly short: string; readonly switchTo: string }>> = {
  en: { name: 'English', short: 'English', switchTo: 'Switch to English' },
  'zh-CN': { name: '简体中文', short: '中文', switchTo: '切换到中文' },
};
