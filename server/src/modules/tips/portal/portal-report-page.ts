import { PROVINCES } from '@karpear/contracts';
import { errorSummary, type FieldContext, field, option, textArea, textInput } from './portal-fields.ts';
import {
  CHILD_AGE_BANDS,
  type FieldErrors,
  type FormValues,
  LIMITS,
  PLATFORM_NAMES,
  PORTAL_PLATFORMS,
  platformField,
  REPORT_FIELDS,
  usernameField,
} from './portal-form.ts';
import { Html, html, page } from './portal-html.ts';
import { type PortalLanguage, type PortalMessageKey, portalText } from './portal-messages.ts';

/**
 * The report form page (`GET /report`, and again with the reporter's values and errors after a refused
 * submission): labelled fields with hints and errors wired by ids, and an error summary at the top.
 * Built with the escaping template of portal-html.ts.
 */

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
