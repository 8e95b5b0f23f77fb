import { describe, expect, it } from 'vitest';
import { type AuditEventInput, canonicalAuditEvent, chainHashHex, GENESIS_HEX } from './audit.chain.ts';
import { indexBatch, type ScanState, scanBody } from './audit.scan.ts';

/**
 * The scanner reads PostgreSQL's binary COPY format. These tests build that format by hand (as the
 * database would send it) to pin what the database tests cannot easily reach: timestamps outside the
 * usual range, escapes, and rows a database would never produce.
 */
const PG_EPOCH_MS = 946_684_800_000;

function int64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
}
const uuidBytes = (s: string) => Buffer.from(s.replace(/-/g, ''), 'hex');
const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** One tuple of the fourteen verifier columns; `undefined` fields are NULL. */
function tuple(fields: Array<Buffer | undefined>): Buffer {
  const parts: Buffer[] = [Buffer.from([fields.length >> 8, fields.length & 0xff])];
  for (const f of fields) {
    const len = Buffer.alloc(4);
    len.writeInt32BE(f === undefined ? -1 : f.length);
    parts.push(len);
    if (f) parts.push(f);
  }
  return Buffer.concat(parts);
}

function copyBody(tuples: Buffer[]): Buffer {
  const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
  return Buffer.concat([header, ...tuples, Buffer.from([0xff, 0xff])]);
}

/** Events chained as the writer chains them, encoded as the database stores them. */
function chained(events: AuditEventInput[]): { body: Buffer; hashes: string[] } {
  let prev = GENESIS_HEX;
  const hashes: string[] = [];
  const tuples = events.map((e, i) => {
    const hash = chainHashHex(prev, canonicalAuditEvent(i + 1, e));
    const t = tuple([
      int64(i + 1),
      int64((e.at.getTime() - PG_EPOCH_MS) * 1000),
      e.actorId ? uuidBytes(e.actorId) : undefined,
      e.agencyId ? uuidBytes(e.agencyId) : undefined,
      utf8(e.action),
      utf8(e.objectType),
      e.objectId == null ? undefined : utf8(e.objectId),
      utf8(e.outcome),
      e.ip == null ? undefined : utf8(e.ip),
      e.requestId == null ? undefined : utf8(e.requestId),
      e.justification == null ? undefined : utf8(e.justification),
      // jsonb in binary: version 1, then its text (PostgreSQL's spacing, keys in its own order)
      e.details == null ? undefined : Buffer.concat([Buffer.from([1]), utf8('{"z": 1, "a": [true, null]}')]),
      Buffer.from(prev, 'hex'),
      Buffer.from(hash, 'hex'),
    ]);
    prev = hash;
    hashes.push(hash);
    return t;
  });
  return { body: copyBody(tuples), hashes };
}

const fresh = (): ScanState => ({
  expected: 1,
  prevHex: GENESIS_HEX,
  events: 0,
  checkpoints: [],
  nextCheckpoint: 0,
});

const base: AuditEventInput = {
  at: new Date('2026-11-28T08:00:00.123Z'),
  actorId: '0b7e8c1a-1b2c-4d3e-a4f5-06a7b8c9d0e1',
  agencyId: null,
  action: 'read',
  objectType: 'victim',
  objectId: 'c-1',
  outcome: 'success',
  ip: '10.0.0.1',
  requestId: null,
  justification: 'ចៅក្រម "A"\n\t\\ \u0007',
  details: { a: [true, null], z: 1 },
};

describe('audit scan over binary COPY', () => {
  it('recomputes the writer’s hashes, across seconds, before 1970 and after 9999', () => {
    const times = [
      '2026-11-28T08:00:00.123Z',
      '2026-11-28T08:00:00.999Z',
      '2026-11-28T08:00:01.005Z',
      '1969-12-31T23:59:59.001Z',
      '1900-02-28T12:00:00.050Z',
      '+010000-01-01T00:00:00.000Z',
    ];
    const events = times.map((t, i) => ({ ...base, at: new Date(t), details: i % 2 ? null : base.details }));
    const { body, hashes } = chained(events);
    const batch = indexBatch(body);
    expect(batch).toMatchObject({ n: 6, last: 6 });
    const state = fresh();
    expect(scanBody(batch, state)).toBeNull();
    expect(state).toMatchObject({ expected: 7, events: 6, prevHex: hashes[5] });
  });

  it('names a changed byte, a missing required field and a bad hash length', () => {
    const { body } = chained([base, base]);
    const changed = Buffer.from(body);
    const at = changed.indexOf(utf8('victim'), changed.indexOf(utf8('victim')) + 1); // event 2
    changed[at] = 'V'.charCodeAt(0);
    expect(scanBody(indexBatch(changed), fresh())).toMatchObject({ kind: 'hash_mismatch', position: 2 });

    const noAction = copyBody([
      tuple([int64(1), int64(0), ...Array(10).fill(undefined), Buffer.alloc(32), Buffer.alloc(32)]),
    ]);
    expect(scanBody(indexBatch(noAction), fresh())).toMatchObject({
      kind: 'malformed_row',
      position: 1,
      detail: expect.stringMatching(/not valid/),
    });

    const shortHash = chained([base]).body;
    const tail = shortHash.length - 2 - 32 - 4; // the stored hash's length field
    shortHash.writeInt32BE(31, tail);
    const cut = Buffer.concat([shortHash.subarray(0, tail + 4 + 31), Buffer.from([0xff, 0xff])]);
    expect(scanBody(indexBatch(cut), fresh())).toMatchObject({ kind: 'malformed_row', position: 1 });
  });

  it('refuses output that is not binary COPY', () => {
    expect(() => indexBatch(Buffer.from('1,"2026-01-01T00:00:00.000Z"\n'))).toThrow(/binary COPY/);
  });
});
