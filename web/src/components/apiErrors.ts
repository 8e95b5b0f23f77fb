import type { TFunction } from 'i18next';
import { isApiError, issuesByField } from '../api/client';

const KNOWN = [
  'bad_request',
  'validation_failed',
  'not_found',
  'conflict',
  'rate_limited',
  'internal',
  'unavailable',
  'network',
  'step_up_cancelled',
] as const;
type KnownCode = (typeof KNOWN)[number];

function isKnown(code: string): code is KnownCode {
  return (KNOWN as readonly string[]).includes(code);
}

/**
 * The sentence to show for a failed request, in the user's language (errors.<code>); the server's own
 * English message is never shown as the main text.
 */
export function errorMessage(t: TFunction, error: unknown): string | null {
  if (!error) return null;
  if (isApiError(error)) {
    if (error.status === 429) return t('errors.rate_limited');
    if (isKnown(error.code)) return t(`errors.${error.code}`);
    if (error.status >= 500) return t('errors.internal');
  }
  return t('errors.unknown');
}

/**
 * Server validation issues for form fields: `field('email')` is the message for `body.email`, in the
 * user's language with the server's detail (English) after it.
 */
export function fieldErrors(t: TFunction, error: unknown): (field: string) => string | undefined {
  const byField = issuesByField(error);
  return (field) => {
    const detail = byField[field];
    return detail === undefined ? undefined : t('errors.field', { detail });
  };
}

/** True when every issue names one of `fields` (then the form shows them inline, not in an alert). */
export function onlyFieldIssues(error: unknown, fields: readonly string[]): boolean {
  if (!isApiError(error) || error.issues.length === 0) return false;
  const byField = issuesByField(error);
  return Object.keys(byField).every((field) => fields.includes(field));
}
