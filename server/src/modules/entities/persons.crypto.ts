import { createHmac } from 'node:crypto';
import type { PersonIdentityInput } from '@karpear/contracts';
import type { AppContext } from '../../platform/context.ts';
import { blindIndexSubkey, type Keyring } from '../../platform/crypto/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import {
  formatDob,
  normaliseMatchName,
  normalisePassportNumber,
  parseDob,
  significantTokens,
} from '../offenders/index.ts';

/**
 * A person's identity at rest (persons.identity): the JSON below, encrypted by the field cipher under
 * the person's own data key (subject `{person, id}`; AAD binds table `persons`, column `identity` and
 * the row id, as tip reporter contacts do). Erasing a person = destroying that key.
 *
 * The blind index (persons.name_keys) lets matching and deconfliction run in SQL without decrypting:
 * - `n:<mac>` per significant name token, in the matcher's phonetic Latin form (Khmer, Cyrillic… are
 *   transliterated, so `សុខ ដារ៉ា` and `Sok Dara` share keys);
 * - `p:<mac>` per passport (`<alpha-2>:<normalised number>`);
 * - `y:<mac>` of the year of birth, when known (the DOB check of deconfliction).
 * `<mac>` = HMAC-SHA-256 truncated to 128 bits, base64url. The HMAC key is derived with HKDF-SHA-256
 * from the keyring's blind-index key (`blindIndexSubkey`, info `karpear:blind-index:persons:v1`), NOT
 * from a key-encryption key: `karpear keys rotate` changes the current KEK while servers serve, and
 * the stored keys must keep matching newly computed ones. The prefix shows only what kind of key it
 * is; without the key a hash reveals nothing, and the key never leaves this process. Only a change of
 * the blind-index key itself needs the keys recomputed (`reindexPersonKeys`).
 */
export interface PersonIdentity {
  names: Array<{ name: string; primary: boolean }>;
  dob: string | null;
  gender: 'male' | 'female' | 'other' | 'unknown' | null;
  nationalities: string[];
  passports: Array<{ country: string; number: string }>;
}

export type PersonCryptoDeps = Pick<AppContext, 'fields' | 'keyring'>;

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', `The person is not valid: ${path} ${message}`, [{ path, message }]);

/** Validate and normalise identity input; each refusal names the field (`body.person.names.1.name`). */
export function normaliseIdentity(input: PersonIdentityInput, path = 'body.person'): PersonIdentity {
  const primaries = input.names.filter((n) => n.primary).length;
  if (primaries > 1) throw invalid(`${path}.names`, 'mark only one name as primary');
  if (primaries === 0 && input.names.length > 1) throw invalid(`${path}.names`, 'mark one name as primary');
  const seen = new Set<string>();
  const names = input.names.map((n, i) => {
    const name = n.name.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (!/\p{L}/u.test(name)) throw invalid(`${path}.names.${i}.name`, 'needs at least one letter');
    const key = name.toLocaleLowerCase();
    if (seen.has(key)) throw invalid(`${path}.names.${i}.name`, 'repeats another name of the person');
    seen.add(key);
    return { name, primary: n.primary === true || input.names.length === 1 };
  });
  names.sort((a, b) => Number(b.primary) - Number(a.primary));
  let dob: string | null = null;
  if (input.dob) {
    const parsed = parseDob(input.dob);
    if (!parsed || formatDob(parsed) !== input.dob)
      throw invalid(`${path}.dob`, 'is not a real date (YYYY-MM-DD, YYYY-MM or YYYY)');
    dob = input.dob;
  }
  const nationalities = [...new Set((input.nationalities ?? []).map((c) => c.toUpperCase()))];
  const passports: PersonIdentity['passports'] = [];
  (input.passports ?? []).forEach((p, i) => {
    const number = normalisePassportNumber(p.number);
    if (number.length < 4)
      throw invalid(`${path}.passports.${i}.number`, 'needs at least 4 letters or digits');
    const country = p.country.toUpperCase();
    if (passports.some((o) => o.country === country && o.number === number))
      throw invalid(`${path}.passports.${i}`, 'repeats another passport of the person');
    passports.push({ country, number });
  });
  return { names, dob, gender: input.gender ?? null, nationalities, passports };
}

export function primaryName(identity: PersonIdentity): string {
  return identity.names.find((n) => n.primary)?.name ?? identity.names[0]?.name ?? '';
}

const blindKey = (keyring: Keyring) => blindIndexSubkey(keyring.blindIndexKey, 'persons');

const mac = (key: Buffer, value: string) =>
  createHmac('sha256', key).update(value, 'utf8').digest().subarray(0, 16).toString('base64url');

/**
 * The phonetic Latin tokens of a name that carry identity (no initials, at least 2 letters), one group
 * per token: its spelling and its accepted alternatives (Khmer popular spellings).
 */
export function nameTokenGroups(name: string): string[][] {
  const groups: string[][] = [];
  for (const t of significantTokens(normaliseMatchName(name))) {
    if (t.kind === 'initial' || t.soft.length < 2) continue;
    const forms = new Set([t.soft]);
    for (const alt of t.alternatives ?? []) if (alt.soft.length >= 2) forms.add(alt.soft);
    groups.push([...forms]);
  }
  return groups;
}

/** At most this many tokens of one name make pair keys (a name of 6 tokens → 15 pairs). */
const MAX_PAIR_TOKENS = 6;

/** The blind-index keys of an identity (see the file comment), sorted and unique. */
export function blindKeys(keyring: Keyring, identity: PersonIdentity): string[] {
  const key = blindKey(keyring);
  const keys = new Set<string>();
  for (const n of identity.names) {
    const groups = nameTokenGroups(n.name);
    for (const group of groups) for (const token of group) keys.add(`n:${mac(key, `n|${token}`)}`);
    // Pair keys: two tokens of the same name, so "shares two name tokens" is one GIN lookup.
    const capped = groups.slice(0, MAX_PAIR_TOKENS);
    for (let i = 0; i < capped.length; i++)
      for (let j = i + 1; j < capped.length; j++)
        for (const a of capped[i]!)
          for (const b of capped[j]!) if (a !== b) keys.add(`q:${mac(key, `q|${[a, b].sort().join('|')}`)}`);
  }
  for (const p of identity.passports) keys.add(`p:${mac(key, `p|${p.country}:${p.number}`)}`);
  const year = identity.dob ? parseDob(identity.dob)?.year : undefined;
  if (year !== undefined) keys.add(`y:${mac(key, `y|${year}`)}`);
  return [...keys].sort();
}

/**
 * The code shown instead of a victim's names: `V-` + 6 characters of an HMAC of the person id under
 * the blind-index key — stable for a person, and not derivable from the id, so a victim code cannot be
 * matched to a person id seen elsewhere.
 */
export function victimCode(keyring: Keyring, personId: string): string {
  const digest = createHmac('sha256', blindKey(keyring)).update(`v|${personId}`, 'utf8').digest();
  return `V-${digest.toString('base64url').replace(/[-_]/g, '').slice(0, 6).toUpperCase()}`;
}

const where = (id: string) => ({ table: 'persons', column: 'identity', rowId: id });
const subjectOf = (id: string) => ({ subjectType: 'person', subjectId: id });

export async function encryptIdentity(
  deps: PersonCryptoDeps,
  db: Executor,
  personId: string,
  identity: PersonIdentity,
): Promise<Buffer> {
  return deps.fields.encryptField(db, subjectOf(personId), where(personId), JSON.stringify(identity));
}

export async function decryptIdentity(
  deps: PersonCryptoDeps,
  db: Executor,
  personId: string,
  ciphertext: Buffer,
): Promise<PersonIdentity> {
  const text = await deps.fields.decryptField(db, subjectOf(personId), where(personId), ciphertext);
  return JSON.parse(text) as PersonIdentity;
}
