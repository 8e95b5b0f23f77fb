import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * Splits the translations by who needs them, while km.json and en.json stay the single source:
 *
 * - `virtual:karpear-messages/public`: the sections the public pages use (log-in, invitation,
 *   enrolment). Bundled into the first chunk, so the login page carries only these.
 * - `virtual:karpear-messages/app`: every other section, loaded with the signed-in app's chunk and
 *   added to i18next before any signed-in page renders. A new section lands here automatically.
 *
 * Used by web/vite.config.ts and by the root vitest.config.ts (the tests import the same modules).
 */
export const PUBLIC_SECTIONS = ['app', 'language', 'auth', 'common'] as const;

const LANGUAGES = ['km', 'en'] as const;
const PREFIX = 'virtual:karpear-messages/';
const RESOLVED = `\0${PREFIX}`;

function fileOf(language: string): string {
  return fileURLToPath(new URL(`./${language}.json`, import.meta.url));
}

function pick(messages: Record<string, unknown>, part: 'public' | 'app'): Record<string, unknown> {
  const isPublic = (key: string) => (PUBLIC_SECTIONS as readonly string[]).includes(key);
  return Object.fromEntries(
    Object.entries(messages).filter(([key]) => isPublic(key) === (part === 'public')),
  );
}

export function karpearMessages(): Plugin {
  return {
    name: 'karpear-messages',
    resolveId(id) {
      return id === `${PREFIX}public` || id === `${PREFIX}app` ? `\0${id}` : undefined;
    },
    load(id) {
      if (!id.startsWith(RESOLVED)) return undefined;
      const part = id.slice(RESOLVED.length) as 'public' | 'app';
      const result: Record<string, unknown> = {};
      for (const language of LANGUAGES) {
        const file = fileOf(language);
        this.addWatchFile(file);
        result[language] = pick(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>, part);
      }
      // JSON.parse of a string literal: parsed faster than an object literal, same content.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(result))});`;
    },
  };
}
