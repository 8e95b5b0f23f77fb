import { describe, expect, it } from 'vitest';
import { SAMPLE_JSON, SAMPLE_XML } from './fixtures.ts';
import { identifiersOf } from './identifiers.ts';
import { parseCyberTipOrThrow } from './parse.ts';

describe('identifiersOf', () => {
  it('normalises every identifier of a report, with its role and stop-list verdict', () => {
    const { identifiers, rejected } = identifiersOf(parseCyberTipOrThrow(SAMPLE_XML).report);
    const rows = identifiers.map(
      (i) => `${i.role}#${i.index} ${i.kind} ${i.value}${i.stopListed ? ` [${i.stopListed}]` : ''}`,
    );
    expect(rows).toEqual([
      'reported_person#0 name Testfirst Testlast',
      'reported_person#0 email suspect.one@mail.example.org',
      'reported_person#0 phone +85512345678 [placeholder_phone]',
      'reported_person#0 username telegram:synthetic_user',
      'reported_person#0 esp_account telegram:100200300',
      'reported_person#0 ip 203.0.113.7 [non_public_ip]',
      'reported_person#0 ip 192.168.1.10 [non_public_ip]',
      'reported_person#0 device imei:352099001761481',
      'intended_recipient#0 username telegram:recipient_1',
      'victim#0 name Victimfirst',
      'incident#0 url https://example.com/Page [example_url]',
      'file#0 file_hash md5:d41d8cd98f00b204e9800998ecf8427e',
      'file#0 ip 2001:db8::1 [non_public_ip]',
      'file#1 file_hash sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709',
    ]);
    expect(rejected).toEqual([]);
    expect(identifiers[1]).toMatchObject({
      path: 'personsReported[0].emails[0]',
      raw: 'Suspect.One@Mail.Example.org',
    });
  });

  it('uses the platform of the person, else of the reporting ESP', () => {
    const { identifiers } = identifiersOf(parseCyberTipOrThrow(SAMPLE_JSON).report);
    expect(
      identifiers.filter((i) => i.kind === 'username' || i.kind === 'esp_account').map((i) => i.value),
    ).toEqual(['facebook:synthetic.two', 'facebook:555']);
    expect(identifiers.filter((i) => i.kind === 'phone').map((i) => `${i.role} ${i.value}`)).toEqual([
      'reported_person +855971234567',
      'incident +85512999888',
    ]);
  });

  it('reports values the normalisers refuse, and de-duplicates per person', () => {
    const xml = SAMPLE_XML.replace(
      '<screenName>@Synthetic_User</screenName>',
      '<screenName>two words</screenName><screenName>X</screenName><screenName>x</screenName>',
    ).replace('<phone countryCallingCode="855">012 345 678</phone>', '<phone>call me</phone>');
    const { identifiers, rejected } = identifiersOf(parseCyberTipOrThrow(xml).report);
    expect(rejected.map((r) => `${r.path} ${r.kind} ${r.reason}`)).toEqual([
      'personsReported[0].phones[0] phone invalid',
      'personsReported[0].screenNames[0] username invalid',
    ]);
    expect(
      identifiers.filter((i) => i.kind === 'username' && i.role === 'reported_person').map((i) => i.value),
    ).toEqual(['telegram:x']);
  });
});
