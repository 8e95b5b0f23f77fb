/**
 * Inverted index from blocking-key hashes to entry numbers, in compact typed arrays: sorted unique
 * key hashes, an open-addressing table over them, offsets and postings (CSR layout). A query counts,
 * per entry, how many of its keys it shares, keeps entries sharing at least `minCount`, and returns at
 * most `cap` of them, those sharing the most selective keys first (rank = Σ log2(size / list length));
 * posting lists longer than `maxPosting` (keys too common to tell people apart) are skipped.
 */

const ID_BITS = 2 ** 21; // entries per index (2,097,152)
/** One shared key in `CandidateIndex.acc` (the low 22 bits hold the rank). */
const COUNT_UNIT = 2 ** 22;
/** Most id ranges a query may be restricted to. */
const MAX_SEGMENTS = 8;

export class CandidateIndexBuilder {
  private packed = new Float64Array(1 << 16);
  private length = 0;
  private maxId = -1;

  /** Add the keys of entry `id` (0-based, dense). Duplicate keys of one entry are ignored. */
  add(id: number, keyHashes: Iterable<number>): void {
    if (id >= ID_BITS) throw new RangeError(`candidate index holds at most ${ID_BITS} entries`);
    for (const h of keyHashes) {
      if (this.length === this.packed.length) {
        const bigger = new Float64Array(this.packed.length * 2);
        bigger.set(this.packed);
        this.packed = bigger;
      }
      this.packed[this.length++] = h * ID_BITS + id;
    }
    if (id > this.maxId) this.maxId = id;
  }

  build(): CandidateIndex {
    const packed = this.packed.subarray(0, this.length).sort();
    let unique = 0;
    let postings = 0;
    let lastKey = -1;
    let lastPacked = -1;
    for (const p of packed) {
      if (p === lastPacked) continue;
      lastPacked = p;
      postings++;
      const key = Math.floor(p / ID_BITS);
      if (key !== lastKey) {
        unique++;
        lastKey = key;
      }
    }
    const keys = new Uint32Array(unique);
    const offsets = new Uint32Array(unique + 1);
    const ids = new Uint32Array(postings);
    let k = -1;
    let n = 0;
    lastKey = -1;
    lastPacked = -1;
    for (const p of packed) {
      if (p === lastPacked) continue;
      lastPacked = p;
      const key = Math.floor(p / ID_BITS);
      if (key !== lastKey) {
        k++;
        keys[k] = key;
        offsets[k] = n;
        lastKey = key;
      }
      ids[n++] = p - key * ID_BITS;
    }
    offsets[unique] = n;
    this.packed = new Float64Array(0);
    return new CandidateIndex(keys, offsets, ids, this.maxId + 1);
  }
}

export interface CandidateQueryOptions {
  cap: number;
  maxPosting: number;
  /** Least number of shared keys (a key listed twice in the query counts twice). */
  minCount: number;
}

export class CandidateIndex {
  private readonly table: Int32Array;
  private readonly mask: number;
  /**
   * Per entry during a query: shared-key count in the top 10 bits, and in the low 22 bits the sum of
   * the selectivity of the shared keys (8 × (1 + log2(list size / posting length))). One array, so
   * that a posting costs one random access.
   */
  private readonly acc: Uint32Array;
  private touched: Int32Array;
  /** Per query: (key position, times listed) pairs, the order of visit, and list segments. */
  private found: Int32Array = new Int32Array(256);
  private sortedKeys: Int32Array = new Int32Array(128);
  private readonly segments = new Int32Array(MAX_SEGMENTS * 2);

  constructor(
    private readonly keys: Uint32Array,
    private readonly offsets: Uint32Array,
    private readonly ids: Uint32Array,
    readonly size: number,
  ) {
    let capacity = 16;
    while (capacity < keys.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    // Slot pairs (key hash, key position): a lookup reads one cache line, not the table then `keys`.
    this.table = new Int32Array(capacity * 2).fill(-1);
    for (let i = 0; i < keys.length; i++) {
      let slot = (Math.imul(keys[i]!, 0x9e3779b1) >>> 0) & this.mask;
      while (this.table[slot * 2 + 1] !== -1) slot = (slot + 1) & this.mask;
      this.table[slot * 2] = keys[i]! | 0;
      this.table[slot * 2 + 1] = i;
    }
    this.acc = new Uint32Array(Math.max(1, size));
    this.touched = new Int32Array(1024);
  }

  /** Position of a key hash in `keys`, or -1. */
  private find(hash: number): number {
    let slot = (Math.imul(hash, 0x9e3779b1) >>> 0) & this.mask;
    const h = hash | 0;
    for (;;) {
      const i = this.table[slot * 2 + 1]!;
      if (i === -1) return -1;
      if (this.table[slot * 2] === h) return i;
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * Entry numbers sharing at least `minCount` keys with the query, most shared keys first, at most
   * `cap`. Keys are visited from the shortest posting list; once the keys left cannot bring a new
   * entry to `minCount`, longer lists are only probed (binary search) for entries already found, so
   * the cost follows the most selective keys, not the most common ones (prefix filtering).
   *
   * `idRanges` (flat `[lo0, hi0, lo1, hi1, …]`, sorted, half-open) restricts the answer to those
   * entry numbers: as postings are sorted, each list is cut to the ranges by binary search, so an
   * entry outside them costs nothing (the screener numbers entries by year of birth, see screen.ts).
   */
  query(
    keyHashes: readonly number[],
    options: CandidateQueryOptions,
    idRanges?: readonly number[],
  ): number[] {
    // Distinct keys found, with how many times the query lists each (whole-name keys count 3).
    let found = this.found;
    let distinct = 0;
    for (const h of keyHashes) {
      const i = this.find(h);
      if (i < 0) continue;
      let k = 0;
      while (k < distinct && found[k * 2] !== i) k++;
      if (k === distinct) {
        if (distinct * 2 + 2 > found.length) {
          found = this.growFound(distinct * 2 + 2);
          this.found = found;
        }
        found[k * 2] = i;
        found[k * 2 + 1] = 0;
        distinct++;
      }
      found[k * 2 + 1]!++;
    }
    const keys = this.found;
    const order = this.order(distinct);
    let remaining = 0;
    for (let k = 0; k < distinct; k++) remaining += keys[k * 2 + 1]!;
    let n = 0;
    const ids = this.ids;
    const acc = this.acc;
    const segments = this.segments;
    for (let o = 0; o < distinct; o++) {
      const k = order[o]!;
      const i = keys[k * 2]!;
      const w = keys[k * 2 + 1]!;
      const from = this.offsets[i]!;
      const to = this.offsets[i + 1]!;
      if (to - from > options.maxPosting) {
        remaining -= w;
        continue;
      }
      const add = w * COUNT_UNIT + Math.round(w * 8 * (1 + Math.log2(this.size / (to - from))));
      // The parts of the list inside the ranges: [segments[2s], segments[2s+1]).
      let nSegments = 0;
      let length = 0;
      if (!idRanges) {
        segments[0] = from;
        segments[1] = to;
        nSegments = 1;
        length = to - from;
      } else {
        let start = from;
        for (let r = 0; r + 1 < idRanges.length && nSegments < MAX_SEGMENTS; r += 2) {
          const a = this.lowerBound(start, to, idRanges[r]!);
          const b = this.lowerBound(a, to, idRanges[r + 1]!);
          if (b > a) {
            segments[nSegments * 2] = a;
            segments[nSegments * 2 + 1] = b;
            nSegments++;
            length += b - a;
          }
          start = b;
        }
      }
      if (remaining >= options.minCount) {
        if (this.touched.length < n + length) this.grow(n + length);
        const touched = this.touched;
        for (let s = 0; s < nSegments; s++) {
          const end = segments[s * 2 + 1]!;
          for (let p = segments[s * 2]!; p < end; p++) {
            const id = ids[p]!;
            const a = acc[id]!;
            if (a === 0) touched[n++] = id;
            acc[id] = a + add;
          }
        }
      } else if (n * 8 < length) {
        // Few entries found so far: probe the long list for each of them.
        for (let t = 0; t < n; t++) {
          const id = this.touched[t]!;
          if (this.contains(from, to, id)) acc[id] = acc[id]! + add;
        }
      } else {
        // Otherwise walk it, counting only entries already found.
        for (let s = 0; s < nSegments; s++) {
          const end = segments[s * 2 + 1]!;
          for (let p = segments[s * 2]!; p < end; p++) {
            const id = ids[p]!;
            if (acc[id]! > 0) acc[id] = acc[id]! + add;
          }
        }
      }
      remaining -= w;
    }
    return this.select(n, options);
  }

  /** Positions 0..distinct-1 of `found`, shortest posting list first (insertion sort: few keys). */
  private order(distinct: number): Int32Array {
    if (this.sortedKeys.length < distinct * 2) this.sortedKeys = new Int32Array(distinct * 4);
    // First half: the order; second half: list lengths by position (read once, not per comparison).
    const order = this.sortedKeys;
    const lengths = distinct;
    for (let k = 0; k < distinct; k++) {
      const i = this.found[k * 2]!;
      order[lengths + k] = this.offsets[i + 1]! - this.offsets[i]!;
    }
    for (let k = 0; k < distinct; k++) {
      const len = order[lengths + k]!;
      let j = k;
      while (j > 0 && order[lengths + order[j - 1]!]! > len) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = k;
    }
    return order;
  }

  private growFound(size: number): Int32Array {
    const bigger = new Int32Array(size * 2);
    bigger.set(this.found);
    return bigger;
  }

  /** First position in `ids[from, to)` holding an entry number ≥ `id` (`to` when none). */
  private lowerBound(from: number, to: number, id: number): number {
    let lo = from;
    let hi = to;
    // Short lists (most of them) fit in a cache line or two: scan instead of jumping around.
    if (hi - lo <= 16) {
      while (lo < hi && this.ids[lo]! < id) lo++;
      return lo;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private grow(size: number): void {
    let length = this.touched.length;
    while (length < size) length *= 2;
    const bigger = new Int32Array(length);
    bigger.set(this.touched);
    this.touched = bigger;
  }

  private contains(from: number, to: number, id: number): boolean {
    let lo = from;
    let hi = to - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.ids[mid]!;
      if (v === id) return true;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /**
   * The touched entries with at least `minCount` shared keys; when more than `cap`, the `cap` whose
   * shared keys are the most selective. Resets the counters.
   */
  private select(n: number, options: CandidateQueryOptions): number[] {
    const out: number[] = [];
    const min = options.minCount * COUNT_UNIT;
    for (let t = 0; t < n; t++) {
      const id = this.touched[t]!;
      if (this.acc[id]! >= min) out.push(id);
    }
    if (out.length > options.cap) {
      // Pack (rank, id) into one number and sort natively; keep the `cap` highest ranks.
      const packed = new Float64Array(out.length);
      for (let k = 0; k < out.length; k++) packed[k] = (this.acc[out[k]!]! % COUNT_UNIT) * 2 ** 21 + out[k]!;
      packed.sort();
      out.length = 0;
      for (let k = packed.length - 1; k >= packed.length - options.cap; k--) out.push(packed[k]! % 2 ** 21);
    }
    for (let t = 0; t < n; t++) this.acc[this.touched[t]!] = 0;
    return out;
  }

  /** The arrays the index is made of, to rebuild it elsewhere (`new CandidateIndex(…)`, in a worker). */
  arrays(): { keys: Uint32Array; offsets: Uint32Array; ids: Uint32Array; size: number } {
    return { keys: this.keys, offsets: this.offsets, ids: this.ids, size: this.size };
  }

  /** Sizes, for benchmarks and logs. */
  stats(): { keys: number; postings: number; bytes: number } {
    const bytes =
      this.keys.byteLength +
      this.offsets.byteLength +
      this.ids.byteLength +
      this.table.byteLength +
      this.acc.byteLength;
    return { keys: this.keys.length, postings: this.ids.length, bytes };
  }
}
