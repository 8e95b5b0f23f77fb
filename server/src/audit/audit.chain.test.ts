import { createHash, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicKeyId } from '../platform/crypto/index.ts';
import {
  canonicalAuditEvent,
  canonicalJson,
  chainHash,
  GENESIS_HASH,
  normaliseAuditEvent,
} from './audit.chain.ts';
import {
  checkCheckpointLines,
  FileCheckpointSink,
  formatCheckpoint,
  signCheckpoint,
} from './audit.checkpoints.ts';
import { csvCell, csvRow } from './audit.csv.ts';

const base = {
  at: new Date('2026-11-28T08:00:00.123Z'),
  action: 'read',
  objectType: 'victim',
  outcome: 'success' as const,
};

describe('canonical form and chain hash', () => {
  it('is a JSON array with absent values as null and details with sorted keys', () => {
    const text = canonicalAuditEvent(
      3,
      normaliseAuditEvent({ ...base, details: { b: 1, a: { d: [2, { z: 0, y: 1 }], c: null } } }),
    );
    expect(text).toBe(
      '[3,"2026-11-28T08:00:00.123Z",null,null,"read","victim",null,"success",null,null,null,{"a":{"c":null,"d":[2,{"y":1,"z":0}]},"b":1}]',
    );
    expect(JSON.parse(text)).toHaveLength(12);
    expect(canonicalJson({ 10: 'a', 9: 'b', b: 'c' })).toBe('{"10":"a","9":"b","b":"c"}');
  });

  it('normalises what the database would change: dates in details, undefined, lone surrogates', () => {
    const e = normaliseAuditEvent({
      ...base,
      justification: 'a\ud800b',
      details: { when: new Date(0), gone: undefined },
    });
    expect(e.justification).toBe('a\ufffdb');
    expect(e.details).toEqual({ when: '1970-01-01T00:00:00.000Z' });
  });

  it('hashes hex(prev) followed by the canonical text', () => {
    const canonical = canonicalAuditEvent(1, normaliseAuditEvent(base));
    const expected = createHash('sha256')
      .update(GENESIS_HASH.toString('hex') + canonical, 'utf8')
      .digest();
    expect(chainHash(GENESIS_HASH, canonical)).toEqual(expected);
  });
});

describe('checkpoints', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = publicKeyId(publicKey);
  const signed = signCheckpoint(
    { position: 9, hash: 'ab'.repeat(32), at: '2026-11-28T08:00:00.000Z', keyId },
    privateKey,
  );

  it('verifies a signed line and refuses an altered or foreign one', () => {
    const line = formatCheckpoint(signed);
    expect(checkCheckpointLines([line], [{ id: keyId, key: publicKey }])).toEqual({ checkpoints: [signed] });
    const altered = line.replace('"position":9', '"position":8');
    expect(checkCheckpointLines([altered], [{ id: keyId, key: publicKey }])).toEqual({
      problem: { kind: 'bad_signature', line: 1 },
    });
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(checkCheckpointLines([line], [{ id: publicKeyId(other), key: other }])).toEqual({
      problem: { kind: 'foreign_key', line: 1, keyId },
    });
    expect(checkCheckpointLines(['{"v":1}'], [])).toEqual({ problem: { kind: 'malformed', line: 1 } });
  });

  it('appends lines to a file and ignores a final line cut short by a crash', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-cp-'));
    const sink = new FileCheckpointSink(path.join(dir, 'sub', 'checkpoints.jsonl'));
    expect(await sink.readLines()).toBeNull();
    await sink.append(formatCheckpoint(signed));
    fs.appendFileSync(sink.file, '{"v":1,"posi');
    expect(await sink.readLines()).toEqual([formatCheckpoint(signed)]);
    await expect(sink.append('a\nb')).rejects.toThrow(/one line/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('CSV', () => {
  it('neutralises spreadsheet formulas and quotes what needs it', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvCell(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('ស្រី')).toBe('ស្រី');
    expect(csvCell(null)).toBe('');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvRow([1, 'x', null])).toBe('1,x,\r\n');
  });
});
