import { PROVINCES } from '@karpear/contracts';
import {
  CHILD_AGE_BANDS,
  type FieldError,
  type FieldErrors,
  type FormValues,
  identifierReasonKey,
  LIMITS,
  PLATFORM_NAMES,
  PORTAL_PLATFORMS,
  platformField,
  REPORT_FIELDS,
  usernameField,
} from './portal-form.ts';
import { type PortalLanguage, type PortalMessageKey, portalText } from './portal-messages.ts';

/**
 * The portal's pages as plain template functions. Every value that did not come from this file goes
 * through `escapeHtml` (text and attribute values alike), so what a reporter types is shown back as
 * text, never as markup. No script, no inline style, no external resource: one same-origin
 * stylesheet, so the page works with JavaScript off and under a CSP without 'unsafe-inline'.
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
  /** The stylesheet URL (with its content hash, so it can be cached forever). */
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
<link rel="stylesheet" href="${shell.stylesheet}">
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

// ---- form pieces -----------------------------------------------------------------------------------

interface FieldContext {
  lang: PortalLanguage;
  values: FormValues;
  errors: FieldErrors;
}

function errorText(lang: PortalLanguage, field: string, error: FieldError): string {
  if (error.key === 'errLine') {
    return portalText(lang, 'errLine', {
      line: error.line ?? 1,
      reason: portalText(lang, identifierReasonKey(field)),
    });
  }
  return portalText(lang, error.key, error.params);
}

function describedBy(name: string, hasHint: boolean, hasError: boolean): string | undefined {
  const ids = [hasError ? `${name}-error` : null, hasHint ? `${name}-hint` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

interface FieldOptions {
  name: string;
  label: PortalMessageKey;
  hint?: PortalMessageKey;
  required?: boolean;
}

/** Label, hint, error and control, wired together with ids and aria attributes. */
function field(ctx: FieldContext, opts: FieldOptions, control: (attrs: Html) => Html): Html {
  const error = ctx.errors[opts.name];
  const t = (key: PortalMessageKey) => portalText(ctx.lang, key);
  const desc = describedBy(opts.name, Boolean(opts.hint), Boolean(error));
  const attrs = html`id="${opts.name}" name="${opts.name}"${opts.required ? new Html(' required') : ''}${
    desc ? html` aria-describedby="${desc}"` : ''
  }${error ? new Html(' aria-invalid="true"') : ''}`;
  return html`<div class="field${error ? ' has-error' : ''}">
<label for="${opts.name}">${t(opts.label)} <span class="need">(${t(opts.required ? 'required' : 'optional')})</span></label>
${opts.hint ? html`<p class="hint" id="${opts.name}-hint">${t(opts.hint)}</p>` : ''}
${error ? html`<p class="error" id="${opts.name}-error">${errorText(ctx.lang, opts.name, error)}</p>` : ''}
${control(attrs)}
</div>`;
}

function textInput(
  ctx: FieldContext,
  opts: FieldOptions & { max: number; type?: string; extra?: Html },
): Html {
  return field(
    ctx,
    opts,
    (attrs) =>
      html`<input type="${opts.type ?? 'text'}" ${attrs} maxlength="${opts.max}" value="${ctx.values[opts.name] ?? ''}"${opts.extra ?? ''}>`,
  );
}

function textArea(ctx: FieldContext, opts: FieldOptions & { max: number; rows: number; extra?: Html }): Html {
  return field(
    ctx,
    opts,
    (attrs) =>
      html`<textarea ${attrs} rows="${opts.rows}" maxlength="${opts.max}"${opts.extra ?? ''}>${ctx.values[opts.name] ?? ''}</textarea>`,
  );
}

function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}"${selected === value ? new Html(' selected') : ''}>${label}</option>`;
}

function errorSummary(
  lang: PortalLanguage,
  errors: FieldErrors,
  lead: PortalMessageKey = 'formErrors',
): Html {
  const names = Object.keys(errors);
  if (names.length === 0) return html``;
  return html`<div class="summary" role="alert" aria-labelledby="summary-title">
<h2 id="summary-title">${portalText(lang, lead)}</h2>
<ul>${names.map((name) => html`<li><a href="#${name}">${errorText(lang, name, errors[name]!)}</a></li>`)}</ul>
</div>`;
}

// ---- pages -----------------------------------------------------------------------------------------

export interface ReportPageInput {
  lang: PortalLanguage;
  stylesheet: string;
  token: string;
  values?: FormValues;
  errors?: FieldErrors;
  /** The form token was missing, stale or the post came from elsewhere: ask to send again. */
  expired?: boolean;
}

export function reportPage(input: ReportPageInput): string {
  const { lang } = input;
  const ctx: FieldContext = { lang, values: input.values ?? {}, errors: input.errors ?? {} };
  const t = (key: PortalMessageKey) => portalText(lang, key);
  const f = REPORT_FIELDS;
  const provinceName = (p: (typeof PROVINCES)[number]) => (lang === 'km' ? p.km : p.en);
  const selectedAge = ctx.values[f.childAge];

  const usernames = [1, 2, 3].map(
    (i) => html`<div class="pair">
${field(
  ctx,
  { name: platformField(i), label: 'fieldPlatform' },
  (attrs) => html`<select ${attrs}>
${option('', t('platformNone'), ctx.values[platformField(i)])}
${PORTAL_PLATFORMS.map((p) => option(p, p === 'other' ? t('platformOther') : PLATFORM_NAMES[p], ctx.values[platformField(i)]))}
</select>`,
)}
${textInput(ctx, { name: usernameField(i), label: 'fieldUsername', max: 100, extra: html` autocomplete="off" autocapitalize="none" spellcheck="false"` })}
</div>`,
  );

  const body = html`<h1>${t('reportTitle')}</h1>
<p>${t('reportIntro')}</p>
<div class="notice danger"><h2>${t('dangerTitle')}</h2><p>${t('dangerText')}</p></div>
<div class="notice"><h2>${t('noImagesTitle')}</h2><p>${t('noImagesText')}</p></div>
${input.expired ? html`<div class="summary" role="alert"><p>${t('errFormExpired')}</p></div>` : ''}
${errorSummary(lang, ctx.errors)}
<form method="post" action="/report?lang=${lang}" accept-charset="utf-8" novalidate>
<input type="hidden" name="${f.token}" value="${input.token}">
<fieldset><legend>${t('sectionWhat')}</legend>
${textArea(ctx, { name: f.narrative, label: 'fieldWhat', hint: 'fieldWhatHint', required: true, max: LIMITS.narrative, rows: 8 })}
<div class="check"><input type="checkbox" id="${f.danger}" name="${f.danger}" value="yes"${ctx.values[f.danger] === 'yes' ? new Html(' checked') : ''}><label for="${f.danger}">${t('fieldDanger')}</label></div>
</fieldset>
<fieldset><legend>${t('sectionWhere')}</legend>
${field(
  ctx,
  { name: f.province, label: 'fieldProvince' },
  (attrs) => html`<select ${attrs}>
${option('', t('provinceUnknown'), ctx.values[f.province])}
${PROVINCES.map((p) => option(p.code, provinceName(p), ctx.values[f.province]))}
</select>`,
)}
${textInput(ctx, { name: f.place, label: 'fieldPlace', hint: 'fieldPlaceHint', max: LIMITS.place })}
${textInput(ctx, { name: f.when, label: 'fieldWhen', hint: 'fieldWhenHint', max: LIMITS.when, extra: html` inputmode="numeric" placeholder="2026-11-28"` })}
</fieldset>
<fieldset><legend>${t('sectionChild')}</legend>
${field(
  ctx,
  { name: f.childAge, label: 'fieldChildAge' },
  (attrs) => html`<select ${attrs}>
${option('', t('ageUnknown'), selectedAge)}
${Object.entries(CHILD_AGE_BANDS).map(([band, b]) => option(band, t(b.label), selectedAge))}
</select>`,
)}
</fieldset>
<fieldset><legend>${t('sectionSuspect')}</legend>
${textInput(ctx, { name: f.nationality, label: 'fieldNationality', hint: 'fieldNationalityHint', max: LIMITS.nationality })}
${textInput(ctx, { name: f.languages, label: 'fieldLanguages', hint: 'fieldLanguagesHint', max: LIMITS.languages })}
${textInput(ctx, { name: f.suspectName, label: 'fieldSuspectName', max: LIMITS.suspectName })}
${textArea(ctx, { name: f.suspectDescription, label: 'fieldSuspectDescription', hint: 'fieldSuspectDescriptionHint', max: LIMITS.suspectDescription, rows: 4 })}
</fieldset>
<fieldset><legend>${t('sectionOnline')}</legend>
<p class="hint">${t('sectionOnlineHint')}</p>
${textArea(ctx, { name: f.urls, label: 'fieldUrls', hint: 'fieldUrlsHint', max: LIMITS.urls * (LIMITS.identifierLine + 1), rows: 3, extra: html` autocapitalize="none" spellcheck="false"` })}
${usernames}
${textArea(ctx, { name: f.phones, label: 'fieldPhones', hint: 'fieldPhonesHint', max: LIMITS.phones * (LIMITS.identifierLine + 1), rows: 2, extra: html` inputmode="tel"` })}
${textArea(ctx, { name: f.emails, label: 'fieldEmails', hint: 'fieldEmailsHint', max: LIMITS.emails * (LIMITS.identifierLine + 1), rows: 2, extra: html` autocapitalize="none" spellcheck="false"` })}
</fieldset>
<fieldset><legend>${t('sectionContact')}</legend>
${textInput(ctx, { name: f.contact, label: 'fieldContact', hint: 'fieldContactHint', max: LIMITS.contact, extra: html` autocomplete="off"` })}
</fieldset>
<div class="hp"><label for="${f.honeypot}">${t('honeypot')}</label><input type="text" id="${f.honeypot}" name="${f.honeypot}" value="" tabindex="-1" autocomplete="off"></div>
<button type="submit">${t('submit')}</button>
</form>
<p><a href="/report/status?lang=${lang}">${t('receiptStatusLink')}</a></p>`;
  return page({
    lang,
    title: t('reportTitle'),
    stylesheet: input.stylesheet,
    switchHref: `/report?lang=${lang === 'km' ? 'en' : 'km'}`,
    body,
  });
}

/** "1234 5678 9012 3456": groups of four are easier to copy by hand. */
export function formatReceiptCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export function receiptPage(input: { lang: PortalLanguage; stylesheet: string; code: string }): string {
  const t = (key: PortalMessageKey) => portalText(input.lang, key);
  const body = html`<h1>${t('receiptTitle')}</h1>
<p>${t('receiptIntro')}</p>
<p class="receipt-label" id="receipt-label">${t('receiptLabel')}</p>
<p class="receipt" aria-labelledby="receipt-label"><strong>${formatReceiptCode(input.code)}</strong></p>
<p>${t('receiptUse')}</p>
<div class="notice danger"><h2>${t('dangerTitle')}</h2><p>${t('dangerText')}</p></div>
<ul class="links">
<li><a href="/report/status?lang=${input.lang}">${t('receiptStatusLink')}</a></li>
<li><a href="/report?lang=${input.lang}">${t('receiptAnother')}</a></li>
</ul>`;
  // No language switch here: leaving this page loses the code, which is shown only once.
  return page({ lang: input.lang, title: t('receiptTitle'), stylesheet: input.stylesheet, body });
}

export interface LookupPageInput {
  lang: PortalLanguage;
  stylesheet: string;
  token: string;
  code?: string;
  /** A message the reporter was adding when their status page expired: carried, not lost. */
  message?: string;
  error?: FieldError;
  expired?: boolean;
}

export function lookupPage(input: LookupPageInput): string {
  const { lang } = input;
  const t = (key: PortalMessageKey) => portalText(lang, key);
  const errors: FieldErrors = input.error ? { code: input.error } : {};
  const ctx: FieldContext = { lang, values: { code: input.code ?? '' }, errors };
  const body = html`<h1>${t('statusTitle')}</h1>
<p>${t('statusIntro')}</p>
${input.expired ? html`<div class="summary" role="alert"><p>${t('statusExpired')}</p></div>` : ''}
${errorSummary(lang, errors)}
<form method="post" action="/report/status?lang=${lang}" accept-charset="utf-8" novalidate>
<input type="hidden" name="${REPORT_FIELDS.token}" value="${input.token}">
${textInput(ctx, { name: 'code', label: 'fieldCode', hint: 'fieldCodeHint', required: true, max: 40, extra: html` inputmode="numeric" autocomplete="off"` })}
${input.message ? html`<input type="hidden" name="message" value="${input.message}">` : ''}
<button type="submit">${t('statusSubmit')}</button>
</form>
<p><a href="/report?lang=${lang}">${t('backToForm')}</a></p>`;
  return page({
    lang,
    title: t('statusTitle'),
    stylesheet: input.stylesheet,
    switchHref: `/report/status?lang=${lang === 'km' ? 'en' : 'km'}`,
    body,
  });
}

export type CoarseStatus = 'received' | 'reviewing' | 'actioned' | 'closed';

const STATUS_TEXT: Record<CoarseStatus, [PortalMessageKey, PortalMessageKey]> = {
  received: ['statusReceived', 'statusReceivedText'],
  reviewing: ['statusReviewing', 'statusReviewingText'],
  actioned: ['statusActioned', 'statusActionedText'],
  closed: ['statusClosed', 'statusClosedText'],
};

export interface StatusPageInput {
  lang: PortalLanguage;
  stylesheet: string;
  token: string;
  /** Sealed proof that this browser entered the right code (kept in the page, short-lived). */
  statusToken: string;
  status: CoarseStatus;
  receivedAt: Date;
  messages: Array<{ at: Date; body: string }>;
  additions: number;
  added?: boolean;
  message?: string;
  messageError?: FieldError;
}

function formatDate(lang: PortalLanguage, date: Date): string {
  // Dates only (no time): the reporter needs to recognise their report, nothing more.
  return new Intl.DateTimeFormat(lang === 'km' ? 'km-KH' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Asia/Phnom_Penh',
  }).format(date);
}

export function statusPage(input: StatusPageInput): string {
  const { lang } = input;
  const t = (key: PortalMessageKey) => portalText(lang, key);
  const [label, text] = STATUS_TEXT[input.status];
  const errors: FieldErrors = input.messageError ? { message: input.messageError } : {};
  const ctx: FieldContext = { lang, values: { message: input.message ?? '' }, errors };
  const body = html`<h1>${t('statusHeading')}</h1>
${input.added ? html`<div class="notice ok" role="status"><p>${t('added')}</p></div>` : ''}
${errorSummary(lang, errors)}
<dl class="status">
<dt>${t('statusLabel')}</dt><dd><strong>${t(label)}</strong> — ${t(text)}</dd>
<dt>${t('receivedOn')}</dt><dd>${formatDate(lang, input.receivedAt)}</dd>
</dl>
<h2>${t('messagesTitle')}</h2>
${
  input.messages.length === 0
    ? html`<p>${t('messagesNone')}</p>`
    : html`<ol class="messages">${input.messages.map(
        (m) => html`<li><p class="when">${formatDate(lang, m.at)}</p><p class="body">${m.body}</p></li>`,
      )}</ol>`
}
${input.additions > 0 ? html`<p>${portalText(lang, 'yourAdditions', { count: input.additions })}</p>` : ''}
<h2>${t('addTitle')}</h2>
<div class="notice"><p>${t('noImagesText')}</p></div>
<form method="post" action="/report/status?lang=${lang}" accept-charset="utf-8" novalidate>
<input type="hidden" name="${REPORT_FIELDS.token}" value="${input.token}">
<input type="hidden" name="status_token" value="${input.statusToken}">
${textArea(ctx, { name: 'message', label: 'fieldMessage', hint: 'fieldMessageHint', required: true, max: LIMITS.message, rows: 6 })}
<button type="submit">${t('addSubmit')}</button>
</form>
<p><a href="/report?lang=${lang}">${t('backToForm')}</a></p>`;
  return page({ lang, title: t('statusHeading'), stylesheet: input.stylesheet, body });
}

export function messagePage(input: {
  lang: PortalLanguage;
  stylesheet: string;
  title: PortalMessageKey;
  text: PortalMessageKey;
  back?: string;
}): string {
  const t = (key: PortalMessageKey) => portalText(input.lang, key);
  const body = html`<h1>${t(input.title)}</h1>
<p>${t(input.text)}</p>
<p><a href="${input.back ?? `/report?lang=${input.lang}`}">${t('backToForm')}</a></p>`;
  return page({ lang: input.lang, title: t(input.title), stylesheet: input.stylesheet, body });
}
