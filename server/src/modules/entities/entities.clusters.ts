import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { LinkedRecordType } from './entities.types.ts';

/**
 * Connected components of records joined by shared identifiers ("clusters"), for link analysis and
 * for the tips benchmark's "largest cluster stays under 1% of reports". Pure union-find over the
 * links; `loadClusterLinks` reads them from the database a page at a time.
 */

/**
 * Union-find over records and identifiers, fed one link at a time (so a caller streaming links from the
 * database holds only this structure). Union by size with path halving: near-linear.
 */
export class ClusterBuilder {
  private readonly parent: number[] = [];
  private readonly size: number[] = [];
  private readonly index = new Map<string, number>();

  add(record: string, identifier: string): void {
    // Prefixes keep a record key from ever colliding with an identifier key.
    let a = this.find(this.node(`r${record}`, true));
    let b = this.find(this.node(`i${identifier}`, false));
    if (a === b) return;
    if (this.size[a]! < this.size[b]!) [a, b] = [b, a];
    this.parent[b] = a;
    this.size[a]! += this.size[b]!;
  }

  /** Cluster sizes in records, largest first (identifiers are not counted). */
  sizes(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.parent.length; i++) {
      if (this.parent[i] === i && this.size[i]! > 0) out.push(this.size[i]!);
    }
    return out.sort((x, y) => y - x);
  }

  private node(key: string, record: boolean): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.parent.length;
      this.index.set(key, i);
      this.parent.push(i);
      this.size.push(record ? 1 : 0);
    }
    return i;
  }

  private find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  }
}

/**
 * Sizes (in records) of the clusters formed by `links` (pairs of record key and identifier key),
 * largest first. Only records appearing in `links` are counted: a record with no shared identifier is
 * a cluster of one that the caller adds if it wants them.
 */
export function clusterSizes(links: Iterable<readonly [record: string, identifier: string]>): number[] {
  const builder = new ClusterBuilder();
  for (const [record, identifier] of links) builder.add(record, identifier);
  return builder.sizes();
}

export interface ClusterReport {
  /** Records with at least one non-stop-listed identifier shared with another record. */
  linkedRecords: number;
  /** Clusters of two or more records. */
  clusters: number;
  /** Records in the largest cluster (1 when nothing is shared). */
  largest: number;
  /** The ten largest cluster sizes. */
  top: number[];
}

/**
 * The links that can join records: those of non-stop-listed identifiers seen in more than one record
 * (an identifier of one record joins nothing, so the bulk of singletons is never loaded). Paged over
 * identifiers (by id), each page's links found through the `identifier_links_key` index, so memory
 * holds one page and the union-find, and no page rescans links it skips.
 */
export async function* loadClusterLinks(
  db: Executor,
  recordType: LinkedRecordType = 'tip',
  pageSize = 5_000,
): AsyncGenerator<readonly [record: string, identifier: string]> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const result = await db.execute(sql`
      WITH page AS (
        SELECT id FROM identifiers
        WHERE stop_listed IS NULL AND record_count > 1 AND id > ${after}::uuid
        ORDER BY id LIMIT ${pageSize}
      )
      SELECT p.id AS identifier_id, l.record_id
      FROM page p LEFT JOIN identifier_links l ON l.identifier_id = p.id AND l.record_type = ${recordType}
      ORDER BY p.id`);
    const rows = (result as unknown as { rows: Array<{ identifier_id: string; record_id: string | null }> })
      .rows;
    let identifiersInPage = 0;
    for (const r of rows) {
      if (r.identifier_id !== after) identifiersInPage++;
      after = r.identifier_id;
      if (r.record_id !== null) yield [r.record_id, r.identifier_id] as const;
    }
    if (identifiersInPage < pageSize) return;
  }
}

/** Cluster sizes of the records of one type, read from the database. */
export async function clusterSizesOf(
  db: Executor,
  recordType: LinkedRecordType = 'tip',
  pageSize?: number,
): Promise<ClusterReport> {
  const builder = new ClusterBuilder();
  for await (const [record, identifier] of loadClusterLinks(db, recordType, pageSize))
    builder.add(record, identifier);
  const sizes = builder.sizes().filter((s) => s > 1);
  return {
    linkedRecords: sizes.reduce((n, s) => n + s, 0),
    clusters: sizes.length,
    largest: sizes[0] ?? 1,
    top: sizes.slice(0, 10),
  };
}
