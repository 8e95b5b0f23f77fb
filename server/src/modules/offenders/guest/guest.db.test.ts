import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../test/app.ts';
import type { DemoIndex } from '../../../../test/authz/demo.ts';
import {
  type ScreeningUploadsApp,
  screeningUploadCalls,
  startScreeningUploadsApp,
  stopScreeningUploadsApp,
} from '../batch/screening-uploads.test-helpers.ts';
import { registerEntries, registerNames } from '../offenders.tables.ts';
import { screeningServiceFor } from '../screening.service.ts';

/**
 * Guest registers (CSV and XLSX → establishments, import row, hits with the establishment, alerts with
 * the province) against an active register entry and a watch, on the border check's shared index.
 * Synthetic people only.
 */
let t: TestApp;
let demo: DemoIndex;
let immigration: string;
let investigator: string;
let unitId: string;
let started: ScreeningUploadsApp | undefined;

beforeAll(async () => {
  started = await startScreeningUploadsApp();
  ({ t, demo, immigration, investigator, unitId } = started);
}, 90_000);

afterAll(async () => stopScreeningUploadsApp(started));

const { upload, count } = screeningUploadCalls(() => started!);

const GUEST_HEADER =
  'guest_id,full_name,given_name,family_name,dob,gender,nationality,passport_country,passport_number,check_in,check_out,establishment,province';

/** A minimal XLSX (inline strings, first sheet) built by hand: enough for read-excel-file. */
function xlsx(rows: string[][]): Buffer {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (i: number) => String.fromCharCode(65 + i);
  const sheet =
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    rows
      .map(
        (r, ri) =>
          `<row r="${ri + 1}">${r
            .map((v, ci) => `<c r="${col(ci)}${ri + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`)
            .join('')}</row>`,
      )
      .join('') +
    '</sheetData></worksheet>';
  const enc = (s: string) => new TextEncoder().encode(s);
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': enc(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
      '_rels/.rels': enc(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
      'xl/workbook.xml': enc(
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Guests" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': enc(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
      'xl/worksheets/sheet1.xml': enc(sheet),
    }),
  );
}

describe('POST /api/v1/screening/guests', () => {
  it('screens a CSV register: hits tied to the establishment, alerts with the province, non-hits not kept', async () => {
    const csv = [
      GUEST_HEADER,
      'G1,John Smitherson,,,1970-03-12,M,US,,,2026-11-27,2026-11-30,Golden Lotus Guesthouse,Siem Riep',
      'G2,,Dara,Innocent,1990-01-01,M,KH,,,2026-11-27,,Golden Lotus Guesthouse,KH-17',
      'G3,,Anna,Nobody,1985,F,FR,,,2026-11-27,,Mekong View Hotel,Kompong Cham',
      'G4,Zed Unknownprov,,,1980,,,,,2026-11-27,,River Inn,Atlantis',
      'G5,,,,1980,,,,,2026-11-28,2026-11-27,River Inn,Phnom Penh',
    ].join('\r\n');
    const before = await count('screening_hits');
    const res = await upload(investigator, '/api/v1/screening/guests', 'register.csv', csv);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ fileName: 'register.csv', rows: 5, screened: 3, hits: 1, rejected: 2 });
    expect(body.rejects).toEqual([
      { line: 5, column: 'province', reason: expect.stringContaining("unknown province 'Atlantis'") },
      { line: 6, column: 'full_name', reason: expect.stringContaining('no name') },
      { line: 6, column: 'check_out', reason: 'before check_in' },
    ]);
    expect(body.hitList).toEqual([
      expect.objectContaining({
        level: 'hit',
        line: 2,
        guestId: 'G1',
        establishment: 'Golden Lotus Guesthouse',
        province: 'KH-17',
        reference: expect.stringMatching(/^HIT-/),
      }),
    ]);
    expect(await count('screening_hits')).toBe(before + 1);
    expect(await count(`screening_hits WHERE channel = 'guest' AND guest_import_id = '${body.id}'`)).toBe(1);
    // Both Golden Lotus rows are one establishment (Siem Riep = KH-17); Mekong View is another.
    expect(
      await count(`establishments WHERE name_key = 'golden lotus guesthouse' AND province = 'KH-17'`),
    ).toBe(1);
    expect(await count(`establishments WHERE province = 'KH-3'`)).toBe(1);
    const [alert] = await t.database.query<{ params: Record<string, string> }>(
      `SELECT params FROM alerts WHERE params->>'guestImportId' = '${body.id}'`,
    );
    expect(alert!.params).toMatchObject({
      channel: 'guest',
      province: 'KH-17',
      establishmentId: expect.any(String),
    });
    expect(
      await count(`audit_log WHERE action = 'screening.guest_import' AND object_id = '${body.id}'`),
    ).toBe(1);
    // No trace of the innocent guests anywhere in the hits.
    const screened = await t.database.query<{ s: string }>(`SELECT screened::text AS s FROM screening_hits`);
    expect(screened.map((r) => r.s).join(' ')).not.toContain('Innocent');

    const again = await t.app.inject({
      url: `/api/v1/screening/guests/${body.id}`,
      headers: { cookie: investigator },
    });
    expect(again.json()).toMatchObject({ id: body.id, hits: 1, rejects: body.rejects });
    const list = await t.app.inject({ url: '/api/v1/screening/guests', headers: { cookie: investigator } });
    expect(list.json().items[0]).toMatchObject({ id: body.id, hits: 1 });
  }, 120_000);

  it("screens against the border check's shared index: synced for each upload, never rebuilt per upload", async () => {
    const service = screeningServiceFor(t.ctx);
    const { builds } = service.stats;
    expect(builds).toBe(1); // built once, by the first guest upload of this file
    // An entry activated a moment ago (straight in the database: no in-process notice) counts at once.
    const owner = demo.byRole.unit_supervisor;
    const [entry] = await t.database.db
      .insert(registerEntries)
      .values({
        reference: 'REG-2026-B0002',
        agencyId: owner.agencyId,
        unitId,
        status: 'active',
        basis: 'deported',
        dob: '1958-11-23',
        nationalities: ['GB'],
        legalBasis: 'Synthetic legal basis',
        riskLevel: 'high',
        instructions: 'Synthetic: call the duty officer',
        activatedAt: new Date(),
      })
      .returning();
    await t.database.db
      .insert(registerNames)
      .values({ entryId: entry!.id, name: 'Quentin Fakeperson ZORBALOVE', isPrimary: true });
    const csv = [
      GUEST_HEADER,
      'Q1,Quentin Zorbalove,,,1958-11-23,M,GB,,,2026-11-28,,Riverside Lodge,Kampot',
      'Q2,Ordinary Guest,,,1977-02-02,F,FR,,,2026-11-28,,Riverside Lodge,Kampot',
    ].join('\n');
    const syncs = service.stats.syncs;
    for (const name of ['first.csv', 'second.csv']) {
      const res = await upload(investigator, '/api/v1/screening/guests', name, csv);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ screened: 2, hits: 1 });
    }
    expect(await count(`screening_hits WHERE channel = 'guest' AND register_entry_id = '${entry!.id}'`)).toBe(
      2,
    );
    expect(service.stats).toEqual({ builds, syncs: syncs + 2 });
  }, 120_000);

  it('reads an XLSX register the same way, and refuses a register without a province column', async () => {
    const file = xlsx([
      GUEST_HEADER.split(','),
      [
        'X1',
        'Pieter Vanderboom',
        '',
        '',
        '1966-07-01',
        'M',
        'NL',
        '',
        '',
        '2026-11-28',
        '',
        'Sunset Bungalows',
        'Sihanoukville',
      ],
      [
        'X2',
        'Plain Visitor',
        '',
        '',
        '1999-09-09',
        'F',
        'DE',
        '',
        '',
        '2026-11-28',
        '',
        'Sunset Bungalows',
        'KH-18',
      ],
    ]);
    const res = await upload(immigration, '/api/v1/screening/guests', 'register.xlsx', file);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ rows: 2, screened: 2, hits: 1, rejected: 0 });
    expect(res.json().hitList[0]).toMatchObject({
      province: 'KH-18',
      establishment: 'Sunset Bungalows',
      line: 2,
    });
    expect(await count(`alerts WHERE kind = 'watch_hit' AND params->>'province' = 'KH-18'`)).toBe(1);

    const bad = await upload(
      immigration,
      '/api/v1/screening/guests',
      'r.csv',
      'full_name,establishment\nA B,Inn\n',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/line 1: the header has no 'province' column/);
  }, 120_000);
});
