import { useContext } from 'react';
import { enViews } from '../../../app/i18n/panel-en-views';
import { addEnglish, I18nContext, type I18n, type MessageKey } from '.';

// Only the views loaded on first open import this module, so their English strings load with them.
addEnglish(enViews);

/** useI18n for the Agents, History and Settings views: their own strings as well as the first load's. */
export function useViewI18n(): I18n<MessageKey> {
  return useContext(I18nContext);
}
