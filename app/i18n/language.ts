/** The languages every catalogue in app/i18n speaks; a catalogue missing one does not compile. */
export type Language = 'en' | 'zh-CN';

export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

/** The language the shell speaks: the setting, or the OS locale when the setting is 'system'. */
export function resolveLanguage(setting: 'system' | Language, systemLocale: string): Language {
  if (setting !== 'system') return setting;
  return /^zh\b/i.test(systemLocale) ? 'zh-CN' : 'en';
}
