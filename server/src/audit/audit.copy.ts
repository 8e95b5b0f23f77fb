import type { Executor } from '../platform/db/index.ts';

/**
 * `COPY (query) TO … WITH (FORMAT binary)` on whichever engine runs `db`, returning the whole output as
 * one Buffer. The verifier's transport: binary COPY is the cheapest way out of PostgreSQL (no
 * text formatting of timestamps, uuids or bytea; no row objects in the driver), measured in
 * bench/results/audit-verify*.json.
 *
 * Engine-specific on purpose (COPY is not part of Drizzle): PGlite writes to its `/dev/blob` device and
 * returns a Blob; node-postgres gets a minimal COPY-out "submittable" that collects the CopyData
 * messages (pg-copy-streams does the same with streams; it is not a dependency). The client is the one
 * behind `db`, so inside a transaction the COPY sees the transaction's snapshot.
 *
 * `query` is trusted SQL text built by the caller (COPY takes no bind parameters): callers only
 * interpolate integers they have checked.
 */
export async function copyBinary(db: Executor, query: string): Promise<Buffer> {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (isPglite(client)) {
    const result = await client.query(`COPY (${query}) TO '/dev/blob' WITH (FORMAT binary)`, [], {});
    if (!result.blob) throw new Error('PGlite returned no COPY output');
    return Buffer.from(await result.blob.arrayBuffer());
  }
  if (isPgPool(client)) {
    const connection = await client.connect();
    try {
      return await copyOverPg(connection, query);
    } finally {
      connection.release();
    }
  }
  if (isPgClient(client)) return copyOverPg(client, query);
  throw new Error('copyBinary: unsupported database client');
}

interface PgliteLike {
  query(
    text: string,
    params: unknown[],
    options: Record<string, unknown>,
  ): Promise<{ blob?: Blob | undefined }>;
  exec: unknown;
}
interface PgClientLike {
  query(submittable: CopyOut): unknown;
}
interface PgPoolLike {
  connect(): Promise<PgClientLike & { release(): void }>;
  totalCount: number;
}

function isPglite(c: unknown): c is PgliteLike {
  // PGlite and its Transaction objects both have `exec`; node-postgres clients and pools do not.
  return typeof c === 'object' && c !== null && typeof (c as { exec?: unknown }).exec === 'function';
}
function isPgPool(c: unknown): c is PgPoolLike {
  return typeof c === 'object' && c !== null && typeof (c as PgPoolLike).totalCount === 'number';
}
function isPgClient(c: unknown): c is PgClientLike {
  return typeof c === 'object' && c !== null && typeof (c as PgClientLike).query === 'function';
}

function copyOverPg(client: PgClientLike, query: string): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    client.query(new CopyOut(`COPY (${query}) TO STDOUT WITH (FORMAT binary)`, resolve, reject));
  });
}

/**
 * What node-postgres calls a submittable: it sends one simple query and receives the protocol
 * messages for it. CopyData payloads are views into the driver's receive buffer, which it reuses, so
 * each one is copied into a growing buffer of our own.
 */
class CopyOut {
  #buffer = Buffer.allocUnsafe(1 << 20);
  #length = 0;

  constructor(
    private readonly text: string,
    private readonly resolve: (b: Buffer) => void,
    private readonly reject: (e: Error) => void,
  ) {}

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyData(msg: { chunk: Buffer }): void {
    const chunk = msg.chunk;
    if (this.#length + chunk.length > this.#buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#length + chunk.length));
      this.#buffer.copy(bigger, 0, 0, this.#length);
      this.#buffer = bigger;
    }
    chunk.copy(this.#buffer, this.#length);
    this.#length += chunk.length;
  }

  // node-postgres drops the query after an error (no ReadyForQuery reaches it): settle here.
  handleError(err: Error): void {
    this.reject(err);
  }

  handleReadyForQuery(): void {
    this.resolve(this.#buffer.subarray(0, this.#length));
  }

  // Messages a COPY does not produce, or that need no action.
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: { sendCopyFail(msg: string): void }): void {
    connection.sendCopyFail('karpear: no COPY FROM expected');
  }
}
