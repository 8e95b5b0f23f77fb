import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseEspAccount } from './account.ts';
import { normaliseDeviceId } from './device.ts';
import { normaliseEmail } from './email.ts';
import { extractIdentifiers } from './extract.ts';
import { normaliseFileHash } from './hash.ts';
import { normaliseIp } from './ip.ts';
import { normaliseName } from './name.ts';
import { normalisePassport } from './passport.ts';
import { normalisePhone } from './phone.ts';
import type { NormaliseResult } from './result.ts';
import { isEmptyValue, stopListReason } from './stoplist.ts';
import { normaliseUrl } from './url.ts';
import { normaliseUsername } from './username.ts';

const RUNS = { numRuns: 400 };

/** Any string: random code points (lone surrogates included) mixed with pieces that look like data. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        '@',
        '.',
        '+',
        '0',
        '855',
        ':',
        '/',
        '-',
        ' ',
        '(',
        ')',
        'a',
        'Z',
        'http://',
        'www.',
        '%7e',
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join('')),
);
const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const phoneLike = fc
  .tuple(
    fc.constantFrom('', '+', '+855 ', '00', '0', '855', '(0)', 'tel:'),
    fc.array(digits(1, 4), { maxLength: 5 }),
    fc.constantFrom(' ', '-', '.', ''),
  )
  .map(([prefix, groups, sep]) => prefix + groups.join(sep));
const hex = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: n, maxLength: n });

type Normaliser = (raw: string) => NormaliseResult;

/** Never throws; whatever it accepts, it accepts again unchanged. */
function checkNormaliser(normalise: Normaliser, again: Normaliser, inputs: fc.Arbitrary<string>) {
  fc.assert(
    fc.property(inputs, (raw) => {
      const first = normalise(raw);
      if (first.ok) expect(again(first.value)).toEqual(first);
      else expect(typeof first.reason).toBe('string');
    }),
    RUNS,
  );
}

describe('normalisers: never throw, idempotent (fast-check)', () => {
  it('e-mail', () => {
    checkNormaliser(normaliseEmail, normaliseEmail, fc.oneof(anyText, fc.emailAddress()));
    fc.assert(
      fc.property(fc.emailAddress(), (e) => {
        expect(normaliseEmail(e).ok).toBe(true);
      }),
      RUNS,
    );
  });

  it('phone', () => {
    checkNormaliser(normalisePhone, normalisePhone, fc.oneof(anyText, phoneLike));
  });

  it('IP', () => {
    checkNormaliser(normaliseIp, normaliseIp, fc.oneof(anyText, fc.ipV4(), fc.ipV6(), fc.ipV4Extended()));
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
        expect(normaliseIp(ip).ok).toBe(true);
      }),
      RUNS,
    );
  });

  it('URL', () => {
    checkNormaliser(
      normaliseUrl,
      normaliseUrl,
      fc.oneof(anyText, fc.webUrl({ withFragments: true, withQueryParameters: true })),
    );
  });

  it('username with and without a platform', () => {
    const platform = fc.constantFrom(undefined, 'Telegram', 'whatsapp', 'WeChat', 'Some ESP', 'x', '');
    fc.assert(
      fc.property(fc.oneof(anyText, fc.webUrl()), platform, (raw, p) => {
        const first = normaliseUsername(raw, p);
        if (first.ok) expect(normaliseUsername(first.value)).toEqual(first);
      }),
      RUNS,
    );
  });

  it('ESP account', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(undefined, 'Facebook', 'Some ESP'), (raw, p) => {
        const first = normaliseEspAccount(raw, p);
        if (first.ok) expect(normaliseEspAccount(first.value)).toEqual(first);
      }),
      RUNS,
    );
  });

  it('device id', () => {
    const shaped = fc.oneof(
      digits(14, 20),
      fc.uuid(),
      hex(12),
      fc.tuple(hex(2), hex(2), hex(2), hex(2), hex(2), hex(2)).map((p) => p.join(':')),
    );
    fc.assert(
      fc.property(
        fc.oneof(anyText, shaped),
        fc.constantFrom(undefined, 'IMEI', 'ICCID', 'MAC', 'IDFA', 'SSID'),
        (raw, t) => {
          const first = normaliseDeviceId(raw, t);
          if (first.ok) expect(normaliseDeviceId(first.value)).toEqual(first);
        },
      ),
      RUNS,
    );
  });

  it('passport', () => {
    const country = fc.oneof(anyText, fc.constantFrom('KH', 'KHM', 'Cambodia', 'British', 'D', 'Viet Nam'));
    fc.assert(
      fc.property(
        country,
        fc.oneof(anyText, fc.string({ unit: fc.constantFrom(...'AN0129 -<'), maxLength: 14 })),
        (c, n) => {
          const first = normalisePassport({ country: c, number: n });
          if (first.ok) expect(normalisePassport(first.value)).toEqual(first);
        },
      ),
      RUNS,
    );
    checkNormaliser(normalisePassport, normalisePassport, anyText);
  });

  it('name', () => {
    checkNormaliser(normaliseName, normaliseName, anyText);
  });

  it('file hash', () => {
    checkNormaliser((r) => normaliseFileHash(r, 'MD5'), normaliseFileHash, fc.oneof(anyText, hex(32)));
    checkNormaliser((r) => normaliseFileHash(r), normaliseFileHash, fc.oneof(anyText, hex(40), hex(64)));
  });

  it('stop-list and extraction never throw', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        isEmptyValue(raw);
        for (const kind of ['email', 'phone', 'ip', 'username', 'url', 'device', 'passport'] as const) {
          stopListReason(kind, raw);
        }
        for (const f of extractIdentifiers(raw)) expect(f.value.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });
});
