import {
  type IdentifierHint,
  type IdentifierKind,
  normaliseIdentifier,
  type RejectReason,
  type StopReason,
  stopListReason,
  userFromProfileUrl,
} from '../../entities/index.ts';
import type { CyberTipReport, DeviceId, IpCaptureEvent, Party } from './model.ts';

/**
 * Every identifier of a report, normalised, with its role, for linking: who it belongs to (reported
 * person, intended recipient, victim), or the incident itself, or an uploaded file (upload IP, device,
 * file hash). Values the normalisers refuse come back in `rejected` with the reason; values that can
 * never link tips carry their stop-list reason (the share rule is the database's job).
 * Victim identifiers are returned too — finding the same child in two tips matters — and are marked
 * by their role so storage can apply need-to-know.
 */
export type IdentifierRole = 'reported_person' | 'intended_recipient' | 'victim' | 'incident' | 'file';

export interface ReportIdentifier {
  kind: IdentifierKind;
  value: string;
  role: IdentifierRole;
  /** Which person, incident or file within the role (0-based). */
  index: number;
  /** Where in the report model, e.g. `personsReported[0].emails[1]`. */
  path: string;
  raw: string;
  stopListed: StopReason | null;
}

export interface RejectedIdentifier {
  kind: IdentifierKind;
  role: IdentifierRole;
  index: number;
  path: string;
  raw: string;
  reason: RejectReason;
  detail?: string;
}

export function identifiersOf(report: CyberTipReport): {
  identifiers: ReportIdentifier[];
  rejected: RejectedIdentifier[];
} {
  const identifiers: ReportIdentifier[] = [];
  const rejected: RejectedIdentifier[] = [];
  const seen = new Set<string>();
  const add = (
    kind: IdentifierKind,
    raw: string,
    role: IdentifierRole,
    index: number,
    path: string,
    hint: IdentifierHint = {},
  ) => {
    const r = normaliseIdentifier(kind, raw, hint);
    if (!r.ok) {
      rejected.push({
        kind,
        role,
        index,
        path,
        raw,
        reason: r.reason,
        ...(r.detail ? { detail: r.detail } : {}),
      });
      return;
    }
    const key = `${kind}\u0000${r.value}\u0000${role}\u0000${index}`;
    if (seen.has(key)) return;
    seen.add(key);
    identifiers.push({
      kind,
      value: r.value,
      role,
      index,
      path,
      raw,
      stopListed: stopListReason(kind, r.value),
    });
  };
  /** Every value of one list field: `base.field[i]`. */
  const each = (
    kind: IdentifierKind,
    values: readonly string[],
    role: IdentifierRole,
    index: number,
    base: string,
    field: string,
    hint: IdentifierHint = {},
  ) => {
    for (const [i, v] of values.entries()) add(kind, v, role, index, `${base}.${field}[${i}]`, hint);
  };
  const ips = (events: IpCaptureEvent[], role: IdentifierRole, index: number, base: string) => {
    each(
      'ip',
      events.map((e) => e.ipAddress),
      role,
      index,
      base,
      'ipCaptureEvents',
    );
  };
  const devices = (ids: DeviceId[], role: IdentifierRole, index: number, base: string) => {
    for (const [i, d] of ids.entries()) {
      add('device', d.idValue, role, index, `${base}.deviceIds[${i}]`, { idType: d.idType });
    }
  };

  const party = (p: Party, role: IdentifierRole, index: number, base: string) => {
    const platform = p.espService ?? report.reporter.espName;
    const name = [p.firstName, p.lastName].filter((n) => n !== null).join(' ');
    if (name !== '') add('name', name, role, index, `${base}.name`);
    each('email', p.emails, role, index, base, 'emails');
    each('phone', p.phones, role, index, base, 'phones');
    each('username', p.screenNames, role, index, base, 'screenNames', { platform });
    each('esp_account', p.espIdentifiers, role, index, base, 'espIdentifiers', { platform });
    each('url', p.profileUrls, role, index, base, 'profileUrls');
    for (const [i, url] of p.profileUrls.entries()) {
      const user = userFromProfileUrl(url);
      if (user) {
        add('username', user.username, role, index, `${base}.profileUrls[${i}]`, { platform: user.platform });
      }
    }
    ips(p.ipCaptureEvents, role, index, base);
    devices(p.deviceIds, role, index, base);
  };

  for (const [i, p] of report.personsReported.entries())
    party(p, 'reported_person', i, `personsReported[${i}]`);
  for (const [i, p] of report.intendedRecipients.entries()) {
    party(p, 'intended_recipient', i, `intendedRecipients[${i}]`);
  }
  for (const [i, p] of report.victims.entries()) party(p, 'victim', i, `victims[${i}]`);

  for (const [i, d] of report.internetDetails.entries()) {
    const base = `internetDetails[${i}]`;
    if (d.kind === 'web_page') each('url', d.urls, 'incident', i, base, 'urls');
    if (d.kind === 'email' || d.kind === 'newsgroup') {
      each('email', d.emailAddresses, 'incident', i, base, 'emailAddresses');
    }
    if (d.kind === 'cell_phone') each('phone', d.phoneNumbers, 'incident', i, base, 'phoneNumbers');
    if (d.kind === 'peer_to_peer') ips(d.ipCaptureEvents, 'incident', i, base);
  }

  for (const [i, f] of report.files.entries()) {
    const base = `files[${i}]`;
    for (const [j, h] of f.originalFileHashes.entries()) {
      add('file_hash', h.value, 'file', i, `${base}.originalFileHashes[${j}]`, { hashType: h.hashType });
    }
    ips(f.ipCaptureEvents, 'file', i, base);
    devices(f.deviceIds, 'file', i, base);
  }
  return { identifiers, rejected };
}
