import { errorSummary, type FieldContext, textArea, textInput } from './portal-fields.ts';
import { type FieldError, type FieldErrors, LIMITS, REPORT_FIELDS } from './portal-form.ts';
import { html, page } from './portal-html.ts';
import { type PortalLanguage, type PortalMessageKey, portalText } from './portal-messages.ts';

/** The receipt, status look-up, status and message pages of the portal. */

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
