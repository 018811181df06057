import { useContext } from 'react';
import { enViews } from '../../../app/i18n/panel-en-views';
import { addEnglish, I18nContext, type I18n, type MessageKey } from '.';

// Only what loads on first use (the views, the confirmations) imports this module, so these English
// strings load with it.
addEnglish(enViews);

/** useI18n for what loads on first use: its own strings as well as the first load's. */
export function useViewI18n(): I18n<MessageKey> {
  return useContext(I18nContext);
}
