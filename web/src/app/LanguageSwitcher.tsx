import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLanguage, type Language, SUPPORTED_LANGUAGES } from '../i18n';

/**
 * Two toggle buttons rather than a menu: both choices are always visible, each written in its own
 * language (with a matching `lang` so screen readers pronounce it), one tap on a phone.
 */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const current: Language = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'km';
  return (
    <Group gap={4} role="group" aria-label={t('language.label')} wrap="nowrap">
      {SUPPORTED_LANGUAGES.map((language) => (
        <Button
          key={language}
          size="compact-sm"
          variant={language === current ? 'filled' : 'default'}
          aria-pressed={language === current}
          lang={language}
          onClick={() => void i18n.changeLanguage(language)}
        >
          {t(`language.${language}`)}
        </Button>
      ))}
    </Group>
  );
}
