import type { IdentifierKind } from './normalise/index.ts';

/**
 * The kinds the `identifiers` table stores (its CHECK constraint). The normalisers' `esp_account` is
 * stored as `account`; `vehicle` and `place` are reserved for later issues.
 */
export const STORED_IDENTIFIER_KINDS = [
  'email',
  'phone',
  'ip',
  'username',
  'url',
  'device',
  'passport',
  'name',
  'file_hash',
  'account',
  'vehicle',
  'place',
] as const;
export type StoredIdentifierKind = (typeof STORED_IDENTIFIER_KINDS)[number];

/** What callers may pass as a kind: any normaliser kind (`esp_account` included) or a stored kind. */
export type IdentifierKindName = IdentifierKind | StoredIdentifierKind;

/** The records identifiers link to (the `identifier_links.record_type` CHECK). */
export const LINKED_RECORD_TYPES = ['tip', 'case', 'register_entry', 'referral'] as const;
export type LinkedRecordType = (typeof LINKED_RECORD_TYPES)[number];

/** A record being linked, with its holder (copied onto each link for "held by unit X"). */
export interface LinkedRecord {
  type: LinkedRecordType;
  id: string;
  agencyId: string;
  unitId: string | null;
}

/** One normalised identifier to link; `stopListed` undefined → the static stop-list decides. */
export interface LinkItem {
  kind: IdentifierKindName;
  /** Already normalised (normaliseIdentifier / normaliseIdentifierInput / identifiersOf). */
  value: string;
  /** What it is in the record: reported_person, victim, incident, file, reporter, suspect… */
  role: string;
  stopListed?: string | null;
}

export interface LinkOptions {
  now: Date;
  /** Share rule: stop-list an identifier linked to more than this fraction of tips (config `stoplistShare`). */
  shareLimit?: number;
  /**
   * Share rule floor: an identifier must be linked to at least this many records before the share rule
   * may stop-list it (config `stoplistMinRecords`), so a handful of tips sharing a phone is never noise.
   */
  minCountForShare?: number;
  /**
   * The number of tips the share is taken of, when the caller knows it (an import counts once per
   * batch). Otherwise counted exactly with `count(*)` on `tips`, and only when some identifier in this
   * call reaches `minCountForShare` and is not stop-listed yet — rare, so the common path never counts.
   */
  totalRecords?: number;
}

export interface LinkResult {
  /** Links created by this call (a repeated call for the same record creates none). */
  linked: number;
  /** Distinct identifiers of this call that are stop-listed (static reason or share rule). */
  stopListed: number;
  /** Non-stop-listed identifiers already linked to other records ("repeat identifiers" in triage). */
  repeats: Array<{ identifierId: string; kind: string; otherRecords: number }>;
}

export interface RecordIdentifier {
  identifierId: string;
  kind: string;
  value: string;
  role: string;
  stopListed: string | null;
  /** Records other than this one linked to the identifier (from `record_count`). */
  otherRecords: number;
}

export interface RelatedRecord {
  recordType: LinkedRecordType;
  recordId: string;
  /** The holder: always given, even when the viewer may not read the record (deconfliction). */
  agencyId: string;
  unitId: string | null;
  /** The non-stop-listed identifiers it shares with the record asked about. */
  shared: Array<{ identifierId: string; kind: string; value: string }>;
}
