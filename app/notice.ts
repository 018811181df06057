/** The notice type lives in app/i18n; main/actions and main/session still import it from here (they are migrated separately). */
export * from './i18n/notice';
