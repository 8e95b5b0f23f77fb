import { type Actor, authorize } from '../../access/index.ts';
import { AppError } from '../../platform/errors.ts';
import { findUnitById } from '../agencies/index.ts';
import { REGISTER_RECORD_TYPE } from './offenders.approval.ts';
import type { CreateEntryInput, EntryDetail, UpdateEntryInput } from './offenders.schema.ts';
import { nextReference } from './references.ts';
import {
  normaliseDob,
  normaliseNames,
  normaliseNationalities,
  normalisePassports,
} from './register.normalise.ts';
import * as repo from './register.repo.ts';
import {
  audit,
  checkVersion,
  detailOf,
  futureInstant,
  loadEntry,
  type RegisterDeps,
} from './register.shared.ts';

/**
 * Proposing a register entry (specialist unit only; it starts `proposed`) and editing one at the
 * version the caller saw. Each writes one audit event; an edit tells the screening index afterwards.
 */
export async function createEntry(
  deps: RegisterDeps,
  actor: Actor,
  input: CreateEntryInput,
): Promise<EntryDetail> {
  authorize(actor, 'offenders.create', {
    type: REGISTER_RECORD_TYPE,
    agencyId: actor.agencyId,
    unitId: actor.unitId,
  });
  const now = deps.clock.now();
  const names = normaliseNames(input.names);
  const dob = normaliseDob(input.dob, 'body.dob');
  const nationalities = normaliseNationalities(input.nationalities);
  const passports = normalisePassports(input.passports);
  const expiresAt = futureInstant(input.expiresAt, now, 'body.expiresAt') ?? null;
  const detail = await deps.database.db.transaction(async (tx) => {
    // The register is kept by the specialist unit: other units' staff are refused like strangers.
    const unit = actor.unitId ? await findUnitById(tx, actor.unitId) : undefined;
    if (!unit?.isSpecialist || unit.agencyId !== actor.agencyId) throw AppError.notFound();
    const reference = await nextReference(tx, 'REG', now, (p) => repo.lastEntryReference(tx, p));
    const entry = await repo.insertEntry(tx, {
      reference,
      agencyId: actor.agencyId,
      unitId: actor.unitId,
      status: 'proposed',
      basis: input.basis,
      dob,
      gender: input.gender ?? null,
      nationalities,
      offences: input.offences,
      legalBasis: input.legalBasis,
      sourceDocument: input.sourceDocument ?? null,
      photoRef: input.photoRef ?? null,
      riskLevel: input.riskLevel,
      reviewDate: input.reviewDate ?? null,
      expiresAt,
      instructions: input.instructions,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await repo.replaceNames(tx, entry.id, names);
    await repo.replacePassports(tx, entry.id, passports);
    await audit(tx, deps, actor, 'offenders.create', entry.id, { reference, status: 'proposed' });
    return detailOf(tx, actor, entry, now);
  });
  return detail;
}

/**
 * Change an entry at the version the caller saw. Changing an **active** entry sends it back to
 * `proposed` (it stops matching until a second person approves again): otherwise one person could
 * rewrite the names of an approved entry and bypass four eyes.
 */
export async function updateEntry(
  deps: RegisterDeps,
  actor: Actor,
  id: string,
  input: UpdateEntryInput,
): Promise<EntryDetail> {
  const now = deps.clock.now();
  const names = input.names ? normaliseNames(input.names) : undefined;
  const passports = input.passports ? normalisePassports(input.passports) : undefined;
  const changes: Partial<repo.NewEntry> = {};
  if (input.basis !== undefined) changes.basis = input.basis;
  if (input.dob !== undefined) changes.dob = normaliseDob(input.dob, 'body.dob');
  if (input.gender !== undefined) changes.gender = input.gender;
  if (input.nationalities !== undefined) changes.nationalities = normaliseNationalities(input.nationalities);
  if (input.photoRef !== undefined) changes.photoRef = input.photoRef;
  if (input.offences !== undefined) changes.offences = input.offences;
  if (input.legalBasis !== undefined) changes.legalBasis = input.legalBasis;
  if (input.sourceDocument !== undefined) changes.sourceDocument = input.sourceDocument;
  if (input.riskLevel !== undefined) changes.riskLevel = input.riskLevel;
  if (input.reviewDate !== undefined) changes.reviewDate = input.reviewDate;
  if (input.expiresAt !== undefined)
    changes.expiresAt = futureInstant(input.expiresAt, now, 'body.expiresAt');
  if (input.instructions !== undefined) changes.instructions = input.instructions;
  const fields = [
    ...Object.keys(changes),
    ...(names ? ['names'] : []),
    ...(passports ? ['passports'] : []),
  ].sort();
  const detail = await deps.database.db.transaction(async (tx) => {
    const entry = await loadEntry(tx, actor, 'offenders.update', id, true);
    if (entry.status !== 'proposed' && entry.status !== 'active')
      throw new AppError('conflict', 'The entry cannot be changed', [
        { path: 'status', message: `a ${entry.status} entry cannot be changed` },
      ]);
    checkVersion(entry, input.version);
    const backToProposed = entry.status === 'active';
    const updated = await repo.updateEntry(tx, entry.id, {
      ...changes,
      ...(backToProposed ? { status: 'proposed', approvalId: null, activatedAt: null } : {}),
      updatedAt: now,
      version: entry.version + 1,
    });
    if (names) await repo.replaceNames(tx, entry.id, names);
    if (passports) await repo.replacePassports(tx, entry.id, passports);
    await audit(tx, deps, actor, 'offenders.update', entry.id, {
      fields,
      version: updated.version,
      ...(backToProposed ? { status: 'proposed', previousStatus: 'active' } : {}),
    });
    return detailOf(tx, actor, updated, now);
  });
  deps.screening?.noteChanged();
  return detail;
}
