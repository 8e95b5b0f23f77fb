/**
 * Blocking keys of a normalised name, as 32-bit hashes. A true match shares several keys with its
 * entry despite a typo in one word, swapped words, `SURNAME, Given` order, a missing middle name, an
 * initial, joined words or a transliteration variant; two unrelated names rarely share more than one.
 *
 * - pair keys: for every two words, each signature of one × each signature of the other (unordered).
 *   Signatures of a word: its consonant skeleton, its 2-letter prefix and suffix (words up to 6
 *   letters) and 3-letter ones (from 5 letters; both at 5–6 so that a typo that changes the length
 *   keeps a common signature). One typo leaves the skeleton, the prefix or the suffix intact.
 * - initial keys: first letter of one word × skeleton of another (`R. Smith` finds `Robert Smith`).
 * - whole keys: skeleton of all words joined, in order and reversed (`Sokdara` finds `Sok Dara`);
 *   a one-word name also gets its 4-letter prefix and suffix. Whole keys count three times (strong).
 * - solo keys: each word of an entry alone, looked up only by one-word queries (counted three times);
 *   a one-word query also tries every split into two words (skeleton pair, counted three times).
 */
import type { NameToken, NormalisedName } from './normalise.ts';
import { skeletonOf, softForm } from './phonetic.ts';

const MAX_WORDS = 5;

export type KeyRole = 'entry' | 'query';

/** 32-bit FNV-1a of a string. */
export function hashKey(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Order-independent combination of two hashes (a pair key). */
function pairHash(a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  let h = Math.imul(lo ^ 0x27d4eb2d, 0x165667b1) ^ hi;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca77);
  return (h ^ (h >>> 13)) >>> 0;
}

/** Signature strings of a word (see the module comment). */
export function signatures(t: NameToken): string[] {
  const out = new Set([`k${t.skeleton}`]);
  // Of the phonetic form (variants agree) and of the spelling (a typo next to a digraph keeps it).
  for (const s of t.soft === t.latin ? [t.soft] : [t.soft, t.latin]) {
    if (s.length > 2 && s.length <= 6) out.add(`p${s.slice(0, 2)}`).add(`s${s.slice(-2)}`);
    if (s.length <= 2) out.add(`p${s}`);
    if (s.length >= 5) out.add(`P${s.slice(0, 3)}`).add(`S${s.slice(-3)}`);
  }
  return [...out];
}

interface WordHashes {
  sigs: number[];
  skeleton: number;
  initial: number;
}
const wordCache = new Map<string, WordHashes>();

function wordHashes(t: NameToken): WordHashes {
  let w = wordCache.get(t.latin);
  if (!w) {
    w = {
      sigs: signatures(t).map(hashKey),
      skeleton: hashKey(`k${t.skeleton}`),
      initial: hashKey(`i${t.soft[0]}`),
    };
    if (wordCache.size >= 200_000) wordCache.clear();
    wordCache.set(t.latin, w);
  }
  return w;
}

/**
 * A set of 32-bit keys, in insertion order, on typed arrays reused from call to call: `hashedKeys`
 * runs for every screened record, and a `Set<number>` of hashes (most above the small-integer range,
 * so each one a heap number) made a good part of the garbage of a batch.
 */
class KeySet {
  /** Keys as numbers (some are negative: `^` gives a signed result), compared as such, as a Set does. */
  private table = new Float64Array(256);
  /** Which `generation` wrote each slot: the table is emptied by counting up, not by filling. */
  private stamps = new Uint32Array(256);
  private generation = 1;
  private keys: number[] = [];

  clear(): void {
    this.keys = [];
    if (++this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  get size(): number {
    return this.keys.length;
  }

  /** The keys in the order they were first added (a fresh array each `clear`). */
  values(): number[] {
    return this.keys;
  }

  has(key: number): boolean {
    return this.slot(key) < 0;
  }

  add(key: number): void {
    const slot = this.slot(key);
    if (slot < 0) return;
    this.table[slot] = key;
    this.stamps[slot] = this.generation;
    this.keys.push(key);
    if (this.keys.length * 2 > this.table.length) this.grow();
  }

  /** The free slot for `key`, or -1 when the key is already in. */
  private slot(key: number): number {
    const mask = this.table.length - 1;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    while (this.stamps[slot] === this.generation) {
      if (this.table[slot] === key) return -1;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const keys = this.keys;
    this.table = new Float64Array(this.table.length * 2);
    this.stamps = new Uint32Array(this.table.length);
    this.generation = 1;
    this.keys = [];
    for (const k of keys) this.add(k);
  }
}

const scratch = new KeySet();

/**
 * Hashed keys of one name; whole-name keys are pushed to `strong` as well. An entry also gets a
 * `solo` key per word, which only a one-word query looks up (a traveller known by one name).
 */
function addNameKeys(name: NormalisedName, out: KeySet, strong: number[], role: KeyRole): void {
  const words = name.tokens.filter((t) => t.kind === 'word' || t.kind === 'patronymic');
  const initials = name.tokens.filter((t) => t.kind === 'initial');
  const used =
    words.length > MAX_WORDS
      ? [...words].sort((a, b) => b.soft.length - a.soft.length).slice(0, MAX_WORDS)
      : words;
  const hashes = used.map(wordHashes);
  for (let a = 0; a < used.length; a++) {
    const ha = hashes[a]!;
    for (let b = a + 1; b < used.length; b++) {
      const hb = hashes[b]!;
      for (const x of ha.sigs) for (const y of hb.sigs) out.add(pairHash(x, y));
      out.add(pairHash(ha.initial, hb.skeleton) ^ 0x5bd1e995);
      out.add(pairHash(hb.initial, ha.skeleton) ^ 0x5bd1e995);
    }
    for (const t of initials) out.add(pairHash(hashKey(`i${t.soft[0]}`), ha.skeleton) ^ 0x5bd1e995);
  }
  if (used.length === 0) return;
  if (role === 'entry' || used.length === 1) {
    for (const t of used) {
      const h = hashKey(`o${t.soft}`);
      if (!out.has(h)) strong.push(h);
      out.add(h);
    }
  }
  const whole = [hashKey(`w${used.map((t) => t.skeleton).join('')}`)];
  if (used.length > 1) {
    whole.push(
      hashKey(
        `w${[...used]
          .reverse()
          .map((t) => t.skeleton)
          .join('')}`,
      ),
    );
  } else {
    const s = used[0]!.soft;
    out.add(hashKey(`q${s.slice(0, 4)}`));
    out.add(hashKey(`z${s.slice(-4)}`));
    // A one-word query may be two words written together (Sokdara, XiaomingHalford): try each split.
    const l = used[0]!.latin;
    if (role === 'query' && l.length >= 6) {
      for (let i = 3; i <= l.length - 3; i++) {
        const left = hashKey(`k${skeletonOf(softForm(l.slice(0, i)))}`);
        const right = hashKey(`k${skeletonOf(softForm(l.slice(i)))}`);
        whole.push(pairHash(left, right));
      }
    }
  }
  for (const h of whole) {
    if (!out.has(h)) strong.push(h);
    out.add(h);
  }
}

/**
 * Hashed keys of several names (deduplicated), whole-name keys listed three times so that a query
 * sharing such a key with an entry counts it three times.
 */
export function hashedKeys(names: readonly NormalisedName[], role: KeyRole = 'query'): number[] {
  const out = scratch;
  out.clear();
  const strong: number[] = [];
  for (const n of names) addNameKeys(n, out, strong, role);
  const keys = out.values();
  for (const h of strong) keys.push(h);
  for (const h of strong) keys.push(h);
  out.clear(); // the array now belongs to the caller
  return keys;
}
