import { describe, expect, it } from 'vitest';
import { normaliseIdentifierInput } from './entities.input.ts';

describe('normaliseIdentifierInput', () => {
  it('normalises each kind, using the qualifier as platform, passport country or device type', () => {
    expect(normaliseIdentifierInput({ kind: 'email', value: ' Syn.Person@Mail.KH ' })).toEqual({
      ok: true,
      kind: 'email',
      value: 'syn.person@mail.kh',
      stopListed: null,
    });
    expect(normaliseIdentifierInput({ kind: 'phone', value: '012 345 671' })).toMatchObject({
      ok: true,
      value: '+85512345671',
    });
    expect(
      normaliseIdentifierInput({ kind: 'username', value: '@Syn_User', qualifier: 'Telegram' }),
    ).toMatchObject({ ok: true, value: 'telegram:syn_user' });
    expect(
      normaliseIdentifierInput({ kind: 'passport', value: 'n 012-3456', qualifier: 'Cambodia' }),
    ).toMatchObject({ ok: true, value: 'KH:N0123456' });
    expect(normaliseIdentifierInput({ kind: 'passport', value: 'GBR:123456789' })).toMatchObject({
      ok: true,
      value: 'GB:123456789',
    });
    expect(
      normaliseIdentifierInput({ kind: 'device', value: '49-015420-323751-8', qualifier: 'IMEI' }),
    ).toMatchObject({ ok: true, value: 'imei:490154203237518' });
  });

  it('says why a placeholder is stop-listed', () => {
    expect(normaliseIdentifierInput({ kind: 'ip', value: '192.168.001.001' })).toEqual({
      ok: true,
      kind: 'ip',
      value: '192.168.1.1',
      stopListed: 'non_public_ip',
    });
    expect(normaliseIdentifierInput({ kind: 'email', value: 'test@test.com' })).toMatchObject({
      stopListed: 'placeholder_email',
    });
  });

  it('refuses empty and invalid values, naming the kind and the reason', () => {
    expect(normaliseIdentifierInput({ kind: 'phone', value: 'មិនដឹង' })).toEqual({
      ok: false,
      reason: 'phone: empty',
    });
    expect(normaliseIdentifierInput({ kind: 'email', value: 'not an address' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^email: invalid/),
    });
    expect(
      normaliseIdentifierInput({ kind: 'device', value: '490154203237519', qualifier: 'IMEI' }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^device: bad_checksum/),
    });
    expect(
      normaliseIdentifierInput({ kind: 'passport', value: 'N0123456', qualifier: 'Atlantis' }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^passport: unsupported/),
    });
  });
});
