import { randomUUID } from 'node:crypto';
import type {
  AttachPersonResult,
  CasePersonRole,
  CasePersons,
  PersonIdentityInput,
  PersonView,
} from '@karpear/contracts';
import { sql } from 'drizzle-orm';
import { type Actor, can, type Resource } from '../../access/index.ts';
import { recordActorAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { caseResourceOf, loadCaseFor } from './entities.case-head.ts';
import { deconflict } from './entities.deconflict.ts';
import { selectRecordHeads } from './entities.graph.repo.ts';
import {
  blindKeys,
  decryptIdentity,
  encryptIdentity,
  normaliseIdentity,
  type PersonIdentity,
  primaryName,
  victimCode,
} from './persons.crypto.ts';
import { registerMatcher, screenPersonAgainstRegister } from './persons.register.ts';
import * as repo from './persons.repo.ts';

/**
 * Persons on cases (issue 7 §5–6): attach (a new person, encrypted under their own data key, or a
 * known one), list, detach and read one person. Every rule is checked against the case (a case the
 * actor may not see answers 404); victims' names only for `persons.read_victim`. Each call is one
 * transaction with exactly one audit event (ids and counts only, never a name).
 */
export type PersonDeps = Pick<AppContext, 'database' | 'clock' | 'fields' | 'keyring'>;

// The case checks are shared with a case's identifiers (entities.detach.ts); persons.merge.ts imports them here.
export { caseResourceOf, loadCaseFor };

/** The person's active case links, each with the case as a policy resource. */
export async function caseLinksOf(
  db: Executor,
  personId: string,
): Promise<Array<{ link: repo.PersonLinkRow; resource: Resource }>> {
  const links = (await repo.activeLinksOfPerson(db, personId)).filter((l) => l.recordType === 'case');
  const heads = await selectRecordHeads(
    db,
    'case',
    links.map((l) => l.recordId),
  );
  const byId = new Map(heads.map((h) => [h.id, caseResourceOf(h)]));
  return links.flatMap((link) => {
    const resource = byId.get(link.recordId);
    return resource ? [{ link, resource }] : [];
  });
}

/**
 * May the actor see this person's names: at least one readable case link, and EVERY readable link
 * allows names (a victim link needs `persons.read_victim` on its case). Strict on purpose: a person who
 * is a suspect in one case and a victim in another stays unnamed to whoever sees the victim side only
 * by code, so no id ties the victim code to a name.
 */
export function namesVisible(
  actor: Actor,
  links: ReadonlyArray<{ link: repo.PersonLinkRow; resource: Resource }>,
): boolean {
  const readable = links.filter((l) => can(actor, 'persons.read', l.resource));
  return (
    readable.length > 0 &&
    readable.every((l) => l.link.role !== 'victim_code' || can(actor, 'persons.read_victim', l.resource))
  );
}

export async function audit(
  tx: Executor,
  deps: Pick<AppContext, 'clock'>,
  actor: Actor,
  action: string,
  objectType: string,
  objectId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordActorAudit(tx, deps.clock, actor, { action, objectType, objectId, details });
}

/**
 * A line on the case timeline (`person_added`, `person_removed`) with the role only: the timeline is
 * shown to limited viewers too, so no person id or name. Written like entities.detach.ts does (the
 * cases module exports no timeline helper).
 */
async function timeline(tx: Executor, caseId: string, actor: Actor, kind: string, role: string, at: Date) {
  await tx.execute(sql`
    INSERT INTO case_events (case_id, at, actor_id, kind, details)
    VALUES (${caseId}::uuid, ${at.toISOString()}::timestamptz, ${actor.userId}::uuid, ${kind},
            ${JSON.stringify({ role })}::jsonb)`);
}

export interface AttachPersonInput {
  person?: PersonIdentityInput;
  personId?: string;
  role: CasePersonRole;
}

/**
 * Attach a person to a case with a role: a new person (identity normalised — errors name the field —,
 * encrypted, blind index computed) or a known one the actor may read. Deconfliction: the person and
 * every likely-same person by the blind index, wherever another unit or agency holds them on an active
 * record, alert both holders (naming only the other holder). Then the person's identity is screened
 * against the active offender register (persons.register.ts): a strong match with an entry held by
 * another unit or agency alerts both holders the same way. The result's `deconfliction` counts both;
 * the audit event carries the counts only. One audit event.
 */
export async function attachPersonToCase(
  deps: PersonDeps & Pick<AppContext, 'config'>,
  actor: Actor,
  caseId: string,
  input: AttachPersonInput,
): Promise<AttachPersonResult> {
  const now = deps.clock.now();
  // Victims are not offenders: a victim is never screened against the offender register. Otherwise
  // the matcher is readied before the transaction (its index syncs through its own connection).
  const matcher = input.role === 'victim_code' ? null : await registerMatcher(deps);
  return deps.database.db.transaction(async (tx) => {
    const { head } = await loadCaseFor(tx, actor, 'persons.attach', caseId);
    if (head.status === 'closed') {
      throw new AppError('conflict', 'The case is closed: reopen it before adding people', [
        { path: 'params.id', message: 'case is closed' },
      ]);
    }
    let personId: string;
    let keys: string[];
    let identity: PersonIdentity | null = null;
    let created = false;
    if (input.person) {
      identity = normaliseIdentity(input.person);
      personId = randomUUID();
      keys = blindKeys(deps.keyring, identity);
      await repo.insertPerson(tx, {
        id: personId,
        agencyId: head.agency_id,
        identity: await encryptIdentity(deps, tx, personId, identity),
        nameKeys: keys,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      });
      created = true;
    } else if (input.personId) {
      const person = await repo.findPerson(tx, input.personId);
      // Only a person whose names the actor may see: attaching a victim known to them by code only
      // to a case of theirs in another role would otherwise show its names.
      const readable = person
        ? namesVisible(actor, await caseLinksOf(tx, person.mergedInto ?? person.id))
        : false;
      if (!person || !readable) {
        throw new AppError('not_found', 'No person with this id that you may read', [
          { path: 'body.personId', message: 'not found' },
        ]);
      }
      if (person.mergedInto) {
        throw new AppError(
          'conflict',
          'This person was merged into another person: add that person instead',
          [{ path: 'body.personId', message: `merged into ${person.mergedInto}` }],
        );
      }
      personId = person.id;
      keys = person.nameKeys;
      if (matcher) identity = await decryptIdentity(deps, tx, person.id, person.identity);
    } else {
      throw new AppError('validation_failed', 'Give either person or personId', [
        { path: 'body.person', message: 'give either person or personId' },
      ]);
    }
    const linkId = await repo.upsertLink(tx, {
      personId,
      recordType: 'case',
      recordId: head.id,
      role: input.role,
      agencyId: head.agency_id,
      unitId: head.unit_id,
      createdBy: actor.userId,
      createdAt: now,
    });
    await timeline(tx, head.id, actor, 'person_added', input.role, now);
    const likely = await repo.likelySamePersons(tx, personId, keys);
    const record = {
      type: 'case' as const,
      id: head.id,
      agencyId: head.agency_id,
      unitId: head.unit_id,
      reference: head.reference,
    };
    const linked = await deconflict(tx, record, { personIds: [personId, ...likely] }, now);
    const register =
      matcher && identity
        ? await screenPersonAgainstRegister(tx, matcher, record, identity, now)
        : { matches: 0, alertsRaised: 0 };
    const deconfliction = {
      matches: linked.matches + register.matches,
      alertsRaised: linked.alertsRaised + register.alertsRaised,
    };
    await audit(tx, deps, actor, 'persons.attach', 'case', head.id, {
      personId,
      linkId,
      role: input.role,
      created,
      deconflictionAlerts: deconfliction.alertsRaised,
      registerMatches: register.matches,
      registerAlerts: register.alertsRaised,
    });
    return { linkId, personId, role: input.role, deconfliction };
  });
}

/** The people on a case. Victims appear by code unless the actor may read victims' names. Audited. */
export async function listCasePersons(deps: PersonDeps, actor: Actor, caseId: string): Promise<CasePersons> {
  return deps.database.db.transaction(async (tx) => {
    const { head, resource } = await loadCaseFor(tx, actor, 'persons.list', caseId);
    const victimsNamed = can(actor, 'persons.read_victim', resource);
    const rows = await repo.activeLinksOfRecord(tx, 'case', head.id);
    const items: CasePersons['items'] = [];
    let decrypted = 0;
    for (const { link, person } of rows) {
      const victim = link.role === 'victim_code';
      const code = victim ? victimCode(deps.keyring, person.id) : null;
      let displayName = code ?? '';
      const named = !victim || victimsNamed;
      if (named) {
        // One after the other: a transaction is one connection.
        displayName = primaryName(await decryptIdentity(deps, tx, person.id, person.identity));
        decrypted += 1;
      }
      items.push({
        linkId: link.id,
        // Withheld with the name: the same id on another list would tie this victim to a name.
        personId: named ? person.id : null,
        role: link.role as CasePersonRole,
        displayName,
        victimCode: code,
        named,
        addedAt: link.createdAt.toISOString(),
      });
    }
    await audit(tx, deps, actor, 'persons.list', 'case', head.id, {
      count: items.length,
      decrypted,
      view: victimsNamed ? 'full' : 'limited',
    });
    return { items };
  });
}

/** Detach a person from a case (the link is kept with `removed_at`, for the record). Audited. */
export async function detachPersonFromCase(
  deps: PersonDeps,
  actor: Actor,
  caseId: string,
  linkId: string,
): Promise<{ linkId: string; removedAt: string }> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const { head } = await loadCaseFor(tx, actor, 'persons.detach', caseId);
    const link = await repo.findLink(tx, linkId);
    if (link?.recordType !== 'case' || link.recordId !== head.id || link.removedAt) {
      throw new AppError('not_found', 'This person is not on this case', [
        { path: 'params.linkId', message: 'not found on this case' },
      ]);
    }
    await repo.removeLink(tx, link.id, now);
    await timeline(tx, head.id, actor, 'person_removed', link.role, now);
    await audit(tx, deps, actor, 'persons.detach', 'case', head.id, {
      personId: link.personId,
      linkId: link.id,
      role: link.role,
    });
    return { linkId: link.id, removedAt: now.toISOString() };
  });
}

/**
 * One person, decrypted, for someone who may read a case the person is on. Names only when
 * `namesVisible` (every readable link allows them); otherwise the limited view (victim code only). A
 * merged person is readable where its survivor is and shows its own identity and `mergedInto`.
 * Audited as a read.
 */
export async function getPerson(deps: PersonDeps, actor: Actor, personId: string): Promise<PersonView> {
  return deps.database.db.transaction(async (tx) => {
    const person = await repo.findPerson(tx, personId);
    if (!person) throw AppError.notFound();
    // A merged person's links moved to its survivor: it is readable where the survivor is.
    const links = await caseLinksOf(tx, person.mergedInto ?? person.id);
    if (!links.some((l) => can(actor, 'persons.read', l.resource))) throw AppError.notFound();
    const named = namesVisible(actor, links);
    const victim = links.some((l) => l.link.role === 'victim_code' && can(actor, 'persons.read', l.resource));
    const code = victim || !named ? victimCode(deps.keyring, person.id) : null;
    await audit(tx, deps, actor, 'persons.read', 'person', person.id, { view: named ? 'full' : 'limited' });
    const base = {
      id: person.id,
      agencyId: person.agencyId,
      mergedInto: person.mergedInto,
      victimCode: code,
    };
    if (!named) {
      return {
        ...base,
        limited: true,
        displayName: code ?? '',
        names: [],
        dob: null,
        gender: null,
        nationalities: [],
        passports: [],
      };
    }
    const identity = await decryptIdentity(deps, tx, person.id, person.identity);
    return { ...base, limited: false, displayName: primaryName(identity), ...identity };
  });
}

/**
 * Recompute every person's blind index under the blind-index key (`keyring.blindIndexKey`, never
 * changed by `keys rotate`): only needed if that key itself is ever replaced, with every server
 * stopped (docs/OPERATIONS.md). Pages of 500, one transaction each. Returns how many were updated.
 */
export async function reindexPersonKeys(deps: PersonDeps): Promise<number> {
  let after: string | null = null;
  let updated = 0;
  for (;;) {
    const page = await repo.personsPage(deps.database.db, after, 500);
    if (page.length === 0) return updated;
    await deps.database.db.transaction(async (tx) => {
      for (const p of page) {
        const keys = blindKeys(deps.keyring, await decryptIdentity(deps, tx, p.id, p.identity));
        if (keys.join(' ') !== [...p.nameKeys].sort().join(' ')) {
          await repo.setNameKeys(tx, p.id, keys);
          updated += 1;
        }
      }
    });
    after = page[page.length - 1]!.id;
  }
}
