import 'i18next';
import type en from './en.json';

// Type-checks translation keys against the English file; i18n.test.ts keeps km.json in step with it.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
