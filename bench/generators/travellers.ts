/**
 * Seeded generator of a watchlist and of arriving travellers for the screening benchmark
 * (PERFORMANCE.md §1): invented people in several scripts; most travellers innocent, a few true hits
 * mutated (typos, word swaps, `SURNAME, Given`, transliteration variants, DOB shifted or day↔month
 * swapped, missing DOB), with the ground truth. Deterministic for a seed; no Math.random.
 */
import countries from 'i18n-iso-countries';
import type { TravellerRecord, WatchlistEntry } from '../../server/src/modules/offenders/matching/types.ts';
import { createRng, type Rng } from './rng.ts';
import * as N from './travellers-names.ts';
import { makePerson, type Part, type Person, weighted } from './travellers-people.ts';

export { createRng, type Rng } from './rng.ts';

const pad = (n: number): string => String(n).padStart(2, '0');
const isoDob = (d: Person['dob']): string => `${d.y}-${pad(d.m)}-${pad(d.d)}`;

function formatCountry(rng: Rng, code: string): string {
  const r = rng.next();
  if (r < 0.5) return code;
  if (r < 0.8) return countries.alpha2ToAlpha3(code) ?? code;
  return countries.getName(code, 'en') ?? code;
}

function passportNumber(rng: Rng): string {
  const letters = 'ABCDEFGHJKLMNPRSTUVWXYZ';
  return rng.chance(0.5)
    ? `${rng.pick([...letters])}${rng.pick([...letters])}${1_000_000 + rng.int(9_000_000)}`
    : `${100_000_000 + rng.int(900_000_000)}`;
}

/** The name in list form: family name first in capitals for family-first cultures. */
function listName(p: Person, pick = (x: Part): string => x.forms[0]!): string {
  const given = p.given.map(pick).join(' ');
  const family = p.family.map(pick).join(' ');
  return p.familyFirst ? `${family.toUpperCase()} ${given}` : `${given} ${family}`;
}

export interface GeneratedEntry {
  entry: WatchlistEntry;
  person: Person;
}

/** The watchlist: `count` invented offenders (list form, aliases in native script, 6% partial DOBs). */
export function generateWatchlist(count: number, seed: number): GeneratedEntry[] {
  const rng = createRng(seed);
  const out: GeneratedEntry[] = [];
  for (let i = 0; i < count; i++) {
    const person = makePerson(rng, weighted(rng, N.WATCHLIST_MIX));
    const aliases: string[] = [];
    if (person.native && rng.chance(0.8)) aliases.push(person.native);
    const variant = listName(person, (x) => x.forms[x.forms.length - 1]!);
    if (rng.chance(0.15) && variant !== listName(person)) aliases.push(variant);
    const r = rng.next();
    const dob =
      r < 0.94 ? isoDob(person.dob) : r < 0.97 ? `${person.dob.y}-${pad(person.dob.m)}` : `${person.dob.y}`;
    const entry: WatchlistEntry = {
      id: `W${String(i + 1).padStart(7, '0')}`,
      full_name: person.culture === 'khmer' && rng.chance(0.3) ? person.native! : listName(person),
      aliases: aliases.join('|'),
      dob,
      gender: rng.chance(0.9) ? person.gender : '',
      nationality: formatCountry(rng, person.country),
    };
    if (rng.chance(0.8)) {
      entry.passport_country = formatCountry(rng, person.country);
      entry.passport_number = passportNumber(rng);
    }
    out.push({ entry, person });
  }
  return out;
}

export interface Truth {
  /** The watchlist id this traveller really is, or null for an innocent traveller. */
  entryId: string | null;
  /** The name differs from every name of the entry (beyond case and diacritics). */
  alteredName: boolean;
  mutations: string[];
}

function typo(rng: Rng, word: string): string {
  if (word.length < 4) return word;
  const i = 1 + rng.int(word.length - 2);
  const letter = 'abcdefghijklmnoprstuvy'[rng.int(22)]!;
  switch (rng.int(4)) {
    case 0:
      return word.slice(0, i) + letter + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + letter + word.slice(i);
    case 2:
      return word.slice(0, i) + word.slice(i + 1);
    default:
      return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
  }
}

/** A true hit: the entry's person as they appear at the border, with mutations. */
function mutate(rng: Rng, g: GeneratedEntry): { record: Omit<TravellerRecord, 'id'>; truth: Truth } {
  const p = g.person;
  const m: string[] = [];
  const pickForm = (x: Part): string => x.forms[0]!;
  let given = p.given.map(pickForm);
  let family = p.family.map(pickForm);
  if (rng.chance(0.3) && [...p.given, ...p.family].some((x) => x.forms.length > 1)) {
    given = p.given.map((x) => rng.pick(x.forms));
    family = p.family.map((x) => rng.pick(x.forms));
    m.push('transliteration');
  }
  if (rng.chance(0.3)) {
    const words = [...given, ...family];
    const k = rng.int(words.length);
    const t = typo(rng, words[k]!);
    if (t !== words[k]) {
      if (k < given.length) given[k] = t;
      else family[k - given.length] = t;
      m.push('typo');
    }
  }
  if (given.length >= 2 && rng.chance(0.15)) {
    if (rng.chance(0.5)) given = [given[0]!];
    else given = [given[0]!, `${given[1]![0]}.`];
    m.push('middle_dropped_or_initial');
  }
  let full: string;
  const order = rng.next();
  if (order < 0.2) {
    full = `${family.join(' ').toUpperCase()}, ${given.join(' ')}`;
    m.push('surname_comma');
  } else if (order < 0.45) {
    full = p.familyFirst
      ? `${given.join(' ')} ${family.join(' ')}`
      : `${family.join(' ')} ${given.join(' ')}`;
    m.push('word_swap');
  } else {
    full = p.familyFirst
      ? `${family.join(' ')} ${given.join(' ')}`
      : `${given.join(' ')} ${family.join(' ')}`;
  }
  if (p.native && rng.chance(0.06)) {
    full = p.native;
    m.splice(0, m.length, 'native_script');
  }
  const record: Omit<TravellerRecord, 'id'> = { full_name: rng.chance(0.5) ? full.toUpperCase() : full };
  const d = p.dob;
  const r = rng.next();
  if (r < 0.45) record.dob = isoDob(d);
  else if (r < 0.55) {
    const t = new Date(Date.UTC(d.y, d.m - 1, d.d + (rng.chance(0.5) ? 1 : -1)));
    record.dob = t.toISOString().slice(0, 10);
    m.push('dob_one_day');
  } else if (r < 0.63) {
    record.dob = isoDob({ ...d, m: d.m === 12 ? 11 : d.m + 1 });
    m.push('dob_month');
  } else if (r < 0.75 && d.d <= 12 && d.d !== d.m) {
    record.dob = isoDob({ ...d, m: d.d, d: d.m });
    m.push('dob_day_month_swapped');
  } else if (r < 0.77) {
    record.dob = isoDob(d);
  } else {
    m.push('dob_missing');
  }
  if (rng.chance(0.9)) record.gender = p.gender;
  if (rng.chance(0.85)) record.nationality = formatCountry(rng, p.country);
  if (g.entry.passport_number && rng.chance(0.15)) {
    record.passport_country = formatCountry(rng, p.country);
    record.passport_number = g.entry.passport_number.replace(/(\d{3})(?=\d)/g, '$1 ');
    m.push('same_passport');
  } else {
    record.passport_country = formatCountry(rng, p.country);
    record.passport_number = passportNumber(rng);
  }
  const nameMutations = ['transliteration', 'typo', 'middle_dropped_or_initial', 'native_script'];
  const alteredName = m.some((x) => nameMutations.includes(x));
  return { record, truth: { entryId: g.entry.id, alteredName, mutations: m } };
}

/** An innocent traveller (who may share a common name with somebody on the list, as in life). */
function innocent(rng: Rng): Omit<TravellerRecord, 'id'> {
  const p = makePerson(rng, weighted(rng, N.TRAVELLER_MIX));
  const name = listName(p);
  const record: Omit<TravellerRecord, 'id'> = rng.chance(0.3)
    ? {
        given_name: p.given.map((x) => x.forms[0]).join(' '),
        family_name: p.family.map((x) => x.forms[0]).join(' '),
      }
    : { full_name: rng.chance(0.5) ? name.toUpperCase() : name };
  record.dob = isoDob(p.dob);
  record.gender = p.gender;
  record.nationality = formatCountry(rng, p.country);
  record.passport_country = formatCountry(rng, p.country);
  record.passport_number = passportNumber(rng);
  return record;
}

/**
 * `count` travellers, of whom `hits` are people of the watchlist (spread through the stream), with
 * their ground truth. Lazy: memory stays flat for a million records.
 */
export function* generateTravellers(
  watchlist: readonly GeneratedEntry[],
  count: number,
  hits: number,
  seed: number,
): Generator<{ record: TravellerRecord; truth: Truth }> {
  const rng = createRng(seed);
  let hitsLeft = Math.min(hits, count);
  for (let i = 0; i < count; i++) {
    const id = `T${String(i + 1).padStart(8, '0')}`;
    if (hitsLeft > 0 && rng.next() < hitsLeft / (count - i)) {
      hitsLeft--;
      const { record, truth } = mutate(rng, rng.pick(watchlist));
      yield { record: { id, ...record }, truth };
    } else {
      yield { record: { id, ...innocent(rng) }, truth: { entryId: null, alteredName: false, mutations: [] } };
    }
  }
}
