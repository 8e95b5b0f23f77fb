import appMessages from 'virtual:karpear-messages/app';
import type { i18n as I18n } from 'i18next';
import { SUPPORTED_LANGUAGES } from './index';

/**
 * Adds the signed-in app's translations (every section the public pages do not use) to an i18next
 * instance. Imported only by the signed-in app's chunk, so the login page never downloads them.
 * Idempotent; call before the first signed-in page renders.
 */
export function addAppMessages(i18n: I18n): void {
  for (const language of SUPPORTED_LANGUAGES) {
    if (!i18n.hasResourceBundle(language, 'translation')) continue;
    i18n.addResourceBundle(language, 'translation', appMessages[language], true, false);
  }
}
