import { describe, expect, it } from 'vitest';
import { SAMPLE_JSON, SAMPLE_XML } from '../cybertip/fixtures.ts';
import { parseCyberTipOrThrow } from '../cybertip/parse.ts';
import { tipFromReport } from './map-tip.ts';

const target = {
  agencyId: '00000000-0000-4000-8000-000000000001',
  unitId: null,
  receivedAt: new Date('2026-11-28T08:00:00Z'),
  createdBy: null,
};

describe('tipFromReport', () => {
  it('maps the XML sample: key, escalation, child ages, suspect, province, files, identifiers', () => {
    const tip = tipFromReport(parseCyberTipOrThrow(SAMPLE_XML).report, target);
    expect(tip).toMatchObject({
      source: 'cybertipline',
      sourceKey: 'ncmec_cybertipline:900000001',
      externalRef: '900000001',
      escalationFlag: true,
      childAgeMin: 13,
      childAgeMax: 13,
      occurredAt: '2024-01-15T14:30:00.000Z',
      province: 'KH-17',
      suspect: { names: ['Testfirst Testlast'], nationalities: ['KH'], languages: [] },
      files: [
        {
          fileName: 'file-1.jpg',
          hash: 'd41d8cd98f00b204e9800998ecf8427e',
          hashKind: 'MD5',
          viewedByPlatform: false,
        },
        { fileName: null, hashKind: 'SHA1', viewedByPlatform: null },
      ],
    });
    expect(tip.narrative).toBe(
      'CyberTipline report 900000001 from Telegram: Online Enticement of Children for Sexual Acts.\n' +
        'Escalation: Synthetic escalation reason\nSynthetic report 1',
    );
    const kinds = new Set(tip.identifiers.map((i) => `${i.role}:${i.kind}`));
    for (const k of [
      'reported_person:email',
      'reported_person:phone',
      'reported_person:ip',
      'file:file_hash',
    ]) {
      expect(kinds).toContain(k);
    }
    // The private address is kept but carries its stop-list reason: it never links tips.
    expect(tip.identifiers.find((i) => i.value === '192.168.1.10')?.stopListed).toBeTruthy();
  });

  it('maps the same report id to the same key whatever the format, and drops heavy file details', () => {
    const json = parseCyberTipOrThrow(SAMPLE_JSON).report;
    const tip = tipFromReport(json, target);
    expect(tip.sourceKey).toBe('ncmec_cybertipline:900000002');
    expect(tip.childAgeMin).toBe(12);
    expect(tip.files).toEqual([
      {
        fileName: 'file-9.jpg',
        hash: '0cc175b9c0f1b6a831c399e269772661',
        hashKind: 'MD5',
        viewedByPlatform: true,
      },
    ]);
    const doc = tip.sourceDocument as { files: Array<{ ipCaptureEvents: unknown }> };
    expect(doc.files[0]!.ipCaptureEvents).toBe(1);
  });

  it('leaves adult "victims" out of the child age range', () => {
    const report = parseCyberTipOrThrow(SAMPLE_XML).report;
    report.victims[0]!.age = 34;
    const tip = tipFromReport(report, target);
    expect([tip.childAgeMin, tip.childAgeMax]).toEqual([null, null]);
  });
});
