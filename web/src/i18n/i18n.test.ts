import { describe, expect, it } from 'vitest';
import en from './en.json';
import km from './km.json';

type Messages = { [key: string]: string | Messages };

/** Every leaf as `dotted.key → value`; a non-string, non-object leaf is reported as invalid. */
function flatten(messages: Messages, prefix = ''): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [leafPath, leaf] of flatten(value, path)) leaves.set(leafPath, leaf);
    } else {
      leaves.set(path, value);
    }
  }
  return leaves;
}

function placeholders(value: unknown): string[] {
  return typeof value === 'string'
    ? [...value.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] ?? '').sort()
    : [];
}

const languages = { km: flatten(km), en: flatten(en) };

describe('translation files', () => {
  it('have the same keys in Khmer and English', () => {
    const missingInKm = [...languages.en.keys()].filter((key) => !languages.km.has(key));
    const missingInEn = [...languages.km.keys()].filter((key) => !languages.en.has(key));
    expect({ missingInKm, missingInEn }).toEqual({ missingInKm: [], missingInEn: [] });
  });

  it.each(Object.entries(languages))('%s has a non-empty string for every key', (_language, leaves) => {
    const invalid = [...leaves].filter(([, value]) => typeof value !== 'string' || value.trim() === '');
    expect(invalid.map(([key]) => key)).toEqual([]);
  });

  it('use the same interpolation placeholders in both languages', () => {
    const mismatched = [...languages.en].filter(
      ([key, value]) => placeholders(value).join() !== placeholders(languages.km.get(key)).join(),
    );
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('are really translated: Khmer strings contain Khmer script', () => {
    // Only names that stay Latin in Khmer text (a language's own name, a product name) are exempt.
    const latinAllowed = new Set(['language.en', 'health.enginePostgres']);
    const untranslated = [...languages.km].filter(
      ([key, value]) => !latinAllowed.has(key) && typeof value === 'string' && !/[\u1780-\u17FF]/.test(value),
    );
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });
});
