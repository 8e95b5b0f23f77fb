import { type FieldError, type FieldErrors, type FormValues, identifierReasonKey } from './portal-form.ts';
import { Html, html } from './portal-html.ts';
import { type PortalLanguage, type PortalMessageKey, portalText } from './portal-messages.ts';

/** Form fields of the portal pages: label, hint, error and control wired by ids and aria attributes. */

// ---- form pieces -----------------------------------------------------------------------------------

export interface FieldContext {
  lang: PortalLanguage;
  values: FormValues;
  errors: FieldErrors;
}

export function errorText(lang: PortalLanguage, field: string, error: FieldError): string {
  if (error.key === 'errLine') {
    return portalText(lang, 'errLine', {
      line: error.line ?? 1,
      reason: portalText(lang, identifierReasonKey(field)),
    });
  }
  return portalText(lang, error.key, error.params);
}

export function describedBy(name: string, hasHint: boolean, hasError: boolean): string | undefined {
  const ids = [hasError ? `${name}-error` : null, hasHint ? `${name}-hint` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export interface FieldOptions {
  name: string;
  label: PortalMessageKey;
  hint?: PortalMessageKey;
  required?: boolean;
}

/** Label, hint, error and control, wired together with ids and aria attributes. */
export function field(ctx: FieldContext, opts: FieldOptions, control: (attrs: Html) => Html): Html {
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

export function textInput(
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

export function textArea(
  ctx: FieldContext,
  opts: FieldOptions & { max: number; rows: number; extra?: Html },
): Html {
  return field(
    ctx,
    opts,
    (attrs) =>
      html`<textarea ${attrs} rows="${opts.rows}" maxlength="${opts.max}"${opts.extra ?? ''}>${ctx.values[opts.name] ?? ''}</textarea>`,
  );
}

export function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}"${selected === value ? new Html(' selected') : ''}>${label}</option>`;
}

export function errorSummary(
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
