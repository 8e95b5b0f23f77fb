import publicMessages from 'virtual:karpear-messages/public';
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';

/** The languages Karpear ships; Khmer first, English equal (PRODUCT.md principles). */
export const SUPPORTED_LANGUAGES = ['km', 'en'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'km';

/** localStorage key holding the user's last explicit choice; only this UI preference is stored. */
export const LANGUAGE_STORAGE_KEY = 'karpear.lang';

/**
 * The translations bundled with the first page: only the sections the public pages use (see
 * messages.plugin.ts). The signed-in app adds the rest when its chunk loads (appMessages.ts).
 */
export const resources = {
  km: { translation: publicMessages.km },
  en: { translation: publicMessages.en },
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The stored choice, or Khmer. Browser language is deliberately ignored: staff share machines and
 * Khmer is the working language, so nothing but an explicit choice moves away from it.
 * Storage can throw (private mode, disabled storage); the app must still start.
 */
export function readStoredLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

function rememberLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not remembering the choice is acceptable; failing to switch language is not.
  }
}

/** Keeps <html lang> in step so screen readers and font shaping use the right language. */
function applyDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/**
 * Creates and initialises an i18next instance with bundled resources (no network, no backend plugin).
 * Tests create their own instance so they do not share state.
 */
export function createI18n(language: Language = readStoredLanguage()): I18n {
  const instance = i18next.createInstance();
  instance.on('languageChanged', (lng) => {
    applyDocumentLanguage(lng);
    if (isLanguage(lng)) rememberLanguage(lng);
  });
  // Resources are bundled, so init completes synchronously (initAsync: false).
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...SUPPORTED_LANGUAGES],
    interpolation: { escapeValue: false }, // React already escapes.
    initAsync: false,
  });
  applyDocumentLanguage(language);
  return instance;
}
