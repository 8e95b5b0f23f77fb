import { findProvince } from '@karpear/contracts';
import { identifiersOf } from '../cybertip/identifiers.ts';
import { type CyberTipReport, type Party, reportKey } from '../cybertip/model.ts';
import type { NewTip } from '../tips.intake.ts';

/**
 * One parsed CyberTipline report → the `NewTip` that `insertTip` files (pure). The report id is the
 * tip's external reference and, via `reportKey`, its idempotency key: the XML and the JSON of one
 * report map to the same key, so a re-import (in either format) changes nothing.
 */
export interface MapTarget {
  agencyId: string;
  unitId: string | null;
  receivedAt: Date;
  createdBy: string | null;
}

/** Narrative cap: the report-level `additionalInfo` can be long; the tip keeps the start. */
const NARRATIVE_MAX = 4000;

export function tipFromReport(report: CyberTipReport, target: MapTarget): NewTip {
  const children = report.victims.map((v) => v.age).filter((a): a is number => a !== null && a < 18);
  const { identifiers } = identifiersOf(report);
  return {
    source: 'cybertipline',
    agencyId: target.agencyId,
    unitId: target.unitId,
    receivedAt: target.receivedAt,
    narrative: narrativeOf(report),
    province: provinceOf(report),
    occurredAt: report.incident.dateTime,
    childAgeMin: children.length > 0 ? Math.min(...children) : null,
    childAgeMax: children.length > 0 ? Math.max(...children) : null,
    escalationFlag: report.incident.escalateToHighPriority,
    suspect: suspectOf(report.personsReported),
    identifiers: identifiers.map((i) => ({
      kind: i.kind,
      value: i.value,
      role: i.role,
      stopListed: i.stopListed,
    })),
    externalRef: report.reportId,
    sourceKey: reportKey(report),
    sourceDocument: sourceDocumentOf(report),
    files: report.files.map((f) => ({
      fileName: f.fileName ?? f.originalFileName,
      hash: f.originalFileHashes[0]?.value ?? null,
      hashKind: f.originalFileHashes[0]?.hashType ?? null,
      viewedByPlatform: f.fileViewedByEsp,
    })),
    createdBy: target.createdBy,
  };
}

/** A short, factual narrative: what NCMEC says happened, where it came from, and the ESP's notes. */
function narrativeOf(report: CyberTipReport): string {
  const esp = report.reporter.espName ? ` from ${report.reporter.espName}` : '';
  const lines = [
    `CyberTipline report ${report.reportId}${esp}: ${report.incident.type}.`,
    ...(report.incident.escalationReason ? [`Escalation: ${report.incident.escalationReason}`] : []),
    ...report.additionalInfo,
  ];
  const text = lines.join('\n');
  return text.length > NARRATIVE_MAX ? `${text.slice(0, NARRATIVE_MAX - 1)}…` : text;
}

/** The first Cambodian province named by a victim's, then a reported person's, estimated location. */
function provinceOf(report: CyberTipReport): string | null {
  for (const party of [...report.victims, ...report.personsReported]) {
    const loc = party.estimatedLocation;
    if (!loc || (loc.countryCode !== null && loc.countryCode.toUpperCase() !== 'KH')) continue;
    const found = findProvince(loc.region) ?? findProvince(loc.city);
    if (found) return found.code;
  }
  return null;
}

/**
 * Names of the reported persons. The report has no nationality field; the country of a reported
 * person's address is the closest thing, and a foreign country there is what triage looks for.
 */
function suspectOf(persons: Party[]): NewTip['suspect'] {
  if (persons.length === 0) return null;
  const names = persons
    .map((p) => [p.firstName, p.lastName].filter((n) => n !== null).join(' '))
    .filter((n) => n !== '')
    .map((n) => n.slice(0, 200));
  const countries = persons.flatMap((p) => p.addresses.map((a) => a.country)).filter((c) => c !== null);
  return {
    names: [...new Set(names)].slice(0, 10),
    nationalities: [...new Set(countries.map((c) => c.slice(0, 60)))].slice(0, 5),
    languages: [],
  };
}

/**
 * The parsed report minus what is heavy or repeats the tip's own columns: per-file capture events and
 * device ids are counted, not copied (their identifiers are linked anyway); free text is capped.
 */
function sourceDocumentOf(report: CyberTipReport): unknown {
  return {
    ...report,
    files: report.files.map(({ ipCaptureEvents, deviceIds, ...file }) => ({
      ...file,
      ipCaptureEvents: ipCaptureEvents.length,
      deviceIds: deviceIds.length,
    })),
    additionalInfo: report.additionalInfo.map((a) => a.slice(0, 2000)).slice(0, 20),
  };
}
