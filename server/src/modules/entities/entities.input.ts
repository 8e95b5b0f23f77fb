import type { IdentifierInput } from '@karpear/contracts';
import {
  type IdentifierKind,
  isEmptyValue,
  normaliseIdentifier,
  normalisePassport,
  stopListReason,
} from './normalise/index.ts';

export type NormalisedInput =
  | { ok: true; kind: IdentifierKind; value: string; stopListed: string | null }
  | { ok: false; reason: string };

/**
 * An identifier typed by an operator or a reporter (contracts `IdentifierInput`), normalised for linking.
 * `qualifier` is the platform of a username, the issuing country of a passport (when the value carries
 * no `CC:` prefix) and the id type of a device (IMEI, MAC…). Values that mean "nothing" (n/a, unknown,
 * មិនដឹង…) are refused as `empty` rather than stored: they would only ever be stop-listed. The `reason`
 * names the field so the screen can say what to fix.
 */
export function normaliseIdentifierInput(input: IdentifierInput): NormalisedInput {
  if (isEmptyValue(input.value)) return { ok: false, reason: `${input.kind}: empty` };
  const kind: IdentifierKind = input.kind;
  const qualifier = input.qualifier?.trim() || null;
  const result =
    kind === 'passport'
      ? normalisePassport(
          qualifier && !input.value.includes(':') ? { country: qualifier, number: input.value } : input.value,
        )
      : normaliseIdentifier(kind, input.value, { platform: qualifier, idType: qualifier });
  if (!result.ok) {
    return { ok: false, reason: `${kind}: ${result.reason}${result.detail ? ` (${result.detail})` : ''}` };
  }
  return { ok: true, kind, value: result.value, stopListed: stopListReason(kind, result.value) };
}
