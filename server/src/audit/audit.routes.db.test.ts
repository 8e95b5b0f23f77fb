import { randomUUID } from 'node:crypto';
import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import type { Actor } from '../access/index.ts';
import { recordAudit } from './audit.writer.ts';

// The session layer is not under test here (the authorization matrix covers it with real sessions):
// the actor comes from a test header.
const { actors } = vi.hoisted(() => ({ actors: new Map<string, Actor>() }));
vi.mock('../access/auth/index.ts', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../access/auth/index.ts')>();
  return {
    ...mod,
    resolveActor: async (_ctx: unknown, request: { headers: Record<string, unknown> }) =>
      actors.get(String(request.headers['x-test-actor'] ?? '')),
  };
});

function actor(roles: Role[]): Actor {
  const a: Actor = {
    userId: randomUUID(),
    agencyId: randomUUID(),
    agencyType: 'ncct',
    unitId: null,
    roles,
    sessionId: randomUUID(),
    stepUpAt: new Date(),
    ip: '10.0.0.9',
    requestId: randomUUID(),
  } as Actor;
  actors.set(a.userId, a);
  return a;
}

describe('auditor screens', () => {
  let t: TestApp;
  const auditor = actor(['auditor']);
  const admin = actor(['system_admin', 'agency_admin']);
  const get = (url: string, who?: Actor) =>
    t.app.inject({ method: 'GET', url, headers: who ? { 'x-test-actor': who.userId } : {} });

  beforeAll(async () => {
    t = await createTestApp();
    const at = t.clock.now();
    const subject = randomUUID();
    for (const [i, action] of ['read', 'update', '=HYPERLINK("http://x")', 'read'].entries()) {
      await recordAudit(t.database.db, {
        at: new Date(at.getTime() + i * 1000),
        actorId: admin.userId,
        action,
        objectType: 'victim',
        objectId: subject,
        outcome: i === 3 ? 'denied' : 'success',
        justification: i === 1 ? '+cmd|calc' : null,
      });
    }
  });
  afterAll(async () => t.close());

  it('answers 401 signed out and 404 to every other role, system administrators included', async () => {
    for (const url of ['/api/v1/audit/events', '/api/v1/audit/status', '/api/v1/audit/export.csv']) {
      expect((await get(url)).statusCode).toBe(401);
      expect((await get(url, admin)).statusCode).toBe(404);
    }
  });

  it('searches newest first with filters and keyset pages, and audits each read', async () => {
    const all = await get('/api/v1/audit/events?limit=2', auditor);
    expect(all.statusCode).toBe(200);
    const page = all.json();
    expect(page.items.map((e: { position: number }) => e.position)).toEqual([4, 3]);
    expect(page.nextBefore).toBe(3);
    const next = (await get(`/api/v1/audit/events?limit=2&before=${page.nextBefore}`, auditor)).json();
    expect(next.items.map((e: { position: number }) => e.position)).toEqual([2, 1]);

    const denied = (await get(`/api/v1/audit/events?outcome=denied&actorId=${admin.userId}`, auditor)).json();
    expect(denied.items).toHaveLength(1);
    const from = new Date(t.clock.now().getTime() + 1000).toISOString();
    const to = new Date(t.clock.now().getTime() + 2000).toISOString();
    const window = (
      await get(`/api/v1/audit/events?objectType=victim&from=${from}&to=${to}`, auditor)
    ).json();
    expect(window.items.map((e: { action: string }) => e.action)).toEqual(['update']);

    expect((await get('/api/v1/audit/events?limit=101', auditor)).statusCode).toBe(400);
    expect((await get('/api/v1/audit/events?from=yesterday', auditor)).statusCode).toBe(400);

    const reads = (
      await get(`/api/v1/audit/events?actorId=${auditor.userId}&objectType=audit_log`, auditor)
    ).json();
    expect(reads.items).toHaveLength(4); // refused queries (400) never reach the log
    expect(reads.items[0]).toMatchObject({ action: 'read', outcome: 'success', ip: '10.0.0.9' });
    expect(reads.items[0].details.filters).toMatchObject({ objectType: 'victim' });
  });

  it('exports a filtered CSV as an attachment with formulas neutralised, audited before any row', async () => {
    const res = await get(`/api/v1/audit/export.csv?objectType=victim`, auditor);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="karpear-audit-.*\.csv"$/);
    expect(res.headers['x-karpear-rows']).toBe('4');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(
      '\ufeffposition,at,actor_id,agency_id,action,object_type,object_id,outcome,ip,request_id,justification,details,hash',
    );
    expect(lines).toHaveLength(6);
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(res.body).toContain(`,'+cmd|calc,`);
    const exported = (await get('/api/v1/audit/events?action=export', auditor)).json();
    expect(exported.items[0].details).toEqual({ filters: { objectType: 'victim' }, count: 4 });
  });

  it('reports the verification status, and tampering once the cached result expires', async () => {
    const first = await get('/api/v1/audit/status', auditor);
    expect(first.statusCode).toBe(200);
    // Test-mode servers keep checkpoints in memory and write none: the chain is unanchored.
    expect(first.json()).toMatchObject({ status: 'unanchored', cached: false, firstBadPosition: null });
    expect((await get('/api/v1/audit/status', auditor)).json().cached).toBe(true);

    await t.database.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await t.database.query(`UPDATE audit_log SET outcome = 'success' WHERE position = 4`);
    await t.database.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    t.clock.advance(61_000);
    const after = (await get('/api/v1/audit/status', auditor)).json();
    expect(after).toMatchObject({
      status: 'tampered',
      firstBadPosition: 4,
      problem: 'hash_mismatch',
      cached: false,
    });
  });

  it('fails closed: when the read cannot be audited, no event leaves', async () => {
    await t.database.query(`CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit store unavailable'; END; $$`);
    await t.database.query(`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log
      FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`);
    try {
      const search = await get('/api/v1/audit/events', auditor);
      expect(search.statusCode).toBe(500);
      expect(search.body).not.toContain('"items"');
      const csv = await get('/api/v1/audit/export.csv', auditor);
      expect(csv.statusCode).toBe(500);
      expect(csv.body).not.toContain('position,at');
    } finally {
      await t.database.query('DROP TRIGGER test_refuse_audit ON audit_log');
      await t.database.query('DROP FUNCTION test_refuse_audit()');
    }
  });
});
