import { type PortalLanguage, type PortalMessageKey, portalText } from './portal-messages.ts';

/**
 * The portal's pages as plain template functions. Every value that did not come from this file goes
 * through `escapeHtml` (text and attribute values alike), so what a reporter types is shown back as
 * text, never as markup. No script, no style attribute, no external resource: one stylesheet in the
 * head, allowed by its hash, so the page works with JavaScript off and under a CSP without 'unsafe-inline'.
 */

/** A piece of markup this file built (already escaped); plain strings are always escaped. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** Tagged template: interpolated values are escaped unless they are `Html` (or arrays of it). */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new Html(out);
}

export interface PageShell {
  lang: PortalLanguage;
  title: string;
  /** The stylesheet's CSS, inlined (portal-style.ts: built here from constants, never from input). */
  stylesheet: string;
  /** The language switch link; omitted on pages that must not be left (the receipt). */
  switchHref?: string;
  body: Html;
}

export function page(shell: PageShell): string {
  const t = (key: PortalMessageKey) => portalText(shell.lang, key);
  const other: PortalLanguage = shell.lang === 'km' ? 'en' : 'km';
  return `<!doctype html>${html`<html lang="${shell.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${shell.title} — ${t('siteName')}</title>
<style>${new Html(shell.stylesheet)}</style>
</head>
<body>
<a class="skip" href="#main">${t('skipToForm')}</a>
<header class="top">
<p class="brand">${t('siteName')}</p>
${shell.switchHref ? html`<a class="lang" href="${shell.switchHref}" lang="${other}" hreflang="${other}">${t('otherLanguage')}</a>` : ''}
</header>
<main id="main">
${shell.body}
</main>
<footer class="foot"><p>${t('footer')}</p></footer>
</body>
</html>`}`;
}
