import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.ts';
import { CyberTipParseError } from './errors.ts';
import { SAMPLE_JSON, SAMPLE_XML } from './fixtures.ts';
import { reportKey } from './model.ts';
import { parseCyberTip, parseCyberTipOrThrow } from './parse.ts';

describe('parseCyberTip: ESP-report XML', () => {
  const { report, warnings } = parseCyberTipOrThrow(SAMPLE_XML, { file: 'sample.xml' });

  it('reads the incident summary, in UTC', () => {
    expect(report.reportId).toBe('900000001');
    expect(report.format).toBe('esp_xml');
    expect(report.incident).toEqual({
      type: 'Online Enticement of Children for Sexual Acts',
      category: 'online_enticement',
      escalateToHighPriority: true,
      escalationReason: 'Synthetic escalation reason',
      annotations: ['minorToMinorInteraction', 'sextortion'],
      dateTime: '2024-01-15T14:30:00.000Z',
      dateTimeDescription: null,
    });
    expect(report.reporter.espName).toBe('Telegram');
  });

  it('reads the reported person, their IP capture events, device ids and estimated location', () => {
    const [suspect] = report.personsReported;
    expect(suspect).toMatchObject({
      firstName: 'Testfirst',
      emails: ['Suspect.One@Mail.Example.org'],
      phones: ['+855 012 345 678'],
      age: 41,
      screenNames: ['@Synthetic_User'],
      espIdentifiers: ['100200300'],
      estimatedLocation: { countryCode: 'KH', region: 'Siem Reap', city: 'Siem Reap', verified: false },
    });
    expect(suspect?.addresses[0]).toMatchObject({ street: 'Street 1', city: 'Phnom Penh' });
    expect(suspect?.ipCaptureEvents).toEqual([
      {
        ipAddress: '203.0.113.7',
        eventName: 'Login',
        dateTime: '2024-01-15T14:00:00.000Z',
        port: 443,
        possibleProxy: false,
      },
      { ipAddress: '192.168.1.10', eventName: 'Upload', dateTime: null, port: null, possibleProxy: null },
    ]);
    expect(suspect?.deviceIds).toEqual([
      { idType: 'IMEI', idValue: '35-209900-176148-1', eventName: null, dateTime: null },
    ]);
  });

  it('keeps only what is needed about victims and recipients', () => {
    expect(report.victims[0]).toMatchObject({
      firstName: 'Victimfirst',
      age: 13,
      schoolName: 'Synthetic School',
    });
    expect(report.victims[0]?.addresses[0]).toMatchObject({ street: null, city: 'Battambang' });
    expect(report.intendedRecipients[0]).toMatchObject({
      age: 14,
      screenNames: ['recipient_1'],
      schoolName: null,
    });
    expect(JSON.stringify(report)).not.toContain('not carried');
  });

  it('reads internet details by kind and the files, locking those the platform did not view', () => {
    expect(report.internetDetails).toEqual([
      { kind: 'web_page', urls: ['https://Example.COM/Page/'], thirdPartyHostedContent: false },
      { kind: 'chat_im', chatClient: 'Synthetic Chat', chatRoomName: null },
    ]);
    expect(report.files.map((f) => [f.fileId, f.fileViewedByEsp, f.requiresLegalAuthority])).toEqual([
      ['F1', false, true],
      ['F2', null, true],
    ]);
    expect(report.files[0]?.originalFileHashes).toEqual([
      { hashType: 'MD5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
    ]);
    expect(report.additionalInfo).toEqual(['Synthetic report 1']);
  });

  it('warns about unknown elements with their path instead of failing', () => {
    expect(warnings).toEqual([
      { path: 'report/personOrUserReported/favouriteColour', message: 'unknown element, ignored' },
    ]);
  });

  it('decodes the predefined entities and character references, and namespaced names', () => {
    const xml = SAMPLE_XML.replace('<report ', '<ns:report xmlns:ns="urn:x" ')
      .replace('</report>', '</ns:report>')
      .replace('Synthetic report 1', 'A &amp; B &lt;c&gt; &#233;&#x41; &apos;q&apos; &unknown;');
    const r = parseCyberTipOrThrow(xml).report;
    expect(r.additionalInfo).toEqual(["A & B <c> éA 'q' &unknown;"]);
  });

  it('accepts bytes in UTF-8 (with BOM), UTF-16 and a declared ISO-8859-1', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE_XML)]);
    expect(parseCyberTip(utf8).ok).toBe(true);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE_XML, 'utf16le')]);
    expect(parseCyberTip(utf16).ok).toBe(true);
    const latin1 = Buffer.from(
      SAMPLE_XML.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('Synthetic report 1', 'Café'),
      'latin1',
    );
    const r = parseCyberTip(latin1);
    expect(r.ok && r.report.additionalInfo).toEqual(['Café']);
  });
});

describe('parseCyberTip: law-enforcement JSON', () => {
  const { report, warnings } = parseCyberTipOrThrow(SAMPLE_JSON, { file: 'sample.json' });

  it('reads the same model from the JSON layout', () => {
    expect(report.format).toBe('le_json');
    expect(report.incident).toMatchObject({
      category: 'child_sex_tourism',
      escalateToHighPriority: false,
      annotations: ['spam'],
    });
    expect(report.reporter.espName).toBe('Facebook');
    expect(report.personsReported[0]).toMatchObject({
      emails: ['suspect.two@mail.example.org'],
      phones: ['+855 097 123 4567'],
      screenNames: ['synthetic.two'],
      age: 52,
      estimatedLocation: { countryCode: 'KH', region: 'Preah Sihanouk' },
    });
    expect(report.victims[0]).toMatchObject({ age: 12, schoolName: 'Synthetic School 2' });
    expect(report.internetDetails).toEqual([
      { kind: 'cell_phone', phoneNumbers: ['+855 12 999 888'], latitude: 11.55, longitude: 104.92 },
    ]);
    expect(report.files[0]).toMatchObject({
      fileId: 'F9',
      fileViewedByEsp: true,
      requiresLegalAuthority: false,
    });
    expect(report.additionalInfo).toEqual(['Synthetic report 2']);
    expect(warnings).toEqual([]);
  });

  it('accepts the incident summary fields at the top level and warns about unknown keys', () => {
    const doc = JSON.parse(SAMPLE_JSON);
    const { incidentSummary, ...rest } = doc;
    const r = parseCyberTipOrThrow(JSON.stringify({ ...rest, ...incidentSummary, extraThing: 1 }));
    expect(r.report.incident.category).toBe('child_sex_tourism');
    expect(r.warnings).toEqual([{ path: 'extraThing', message: 'unknown element, ignored' }]);
  });
});

describe('reportKey', () => {
  it('is source + report id, the same whatever the format', () => {
    const xml = parseCyberTipOrThrow(SAMPLE_XML).report;
    expect(reportKey(xml)).toBe('ncmec_cybertipline:900000001');
    const json = parseCyberTipOrThrow(SAMPLE_JSON.replace('900000002', '900000001')).report;
    expect(reportKey(json)).toBe(reportKey(xml));
  });

  it('is stable: parsing the same file twice gives the same report', () => {
    expect(parseCyberTipOrThrow(SAMPLE_XML)).toEqual(parseCyberTipOrThrow(SAMPLE_XML));
  });
});

describe('CyberTipParseError', () => {
  it('is an AppError naming file, path and reason', () => {
    const err = new CyberTipParseError('a.xml', 'report/reportId', 'missing report id');
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(400);
    expect(err.message).toBe('a.xml: report/reportId: missing report id');
    expect(err.issues).toEqual([{ path: 'report/reportId', message: 'missing report id' }]);
    expect(new CyberTipParseError('a', '', 'too big', 'payload_too_large').status).toBe(413);
  });
});
