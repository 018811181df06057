/** Failure explanations live in app/i18n; main/actions and main/session still import them from here (they are migrated separately). */
export * from './i18n/failure-explanations';
