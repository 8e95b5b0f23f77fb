import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import type { DemoIndex } from '../../../test/authz/demo.ts';
import { insertTip, resolveIntakeAgency } from './index.ts';
import { startTipsTestApp, type TipsTestApp, tipsTestCalls } from './tips.test-helpers.ts';

/**
 * What a tip discloses to whom: restricted handling, related records of other agencies (deconfliction),
 * the reporter contact's own audited route, NGO and partner hand-in without read-back, messages to the
 * anonymous reporter and legal authority unlocking a file. Every change is checked for its audit events.
 */
describe('tips', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let siemReap: string;
  let tcse: string;
  let hotline: string;
  let started: TipsTestApp;

  beforeAll(async () => {
    started = await startTipsTestApp();
    ({ t, demo, siemReap, tcse, hotline } = started);
  }, 60_000);
  afterAll(async () => t?.close());
  const { call, auditOf, row, create } = tipsTestCalls(() => started);

  it('keeps restricted tips from operators and analysts, in the detail and in the queue', async () => {
    const tip = await create('hotline_operator', { narrative: 'Restricted matter about a visitor' });
    await t.database.query(`UPDATE tips SET handling = 'restricted' WHERE id = $1`, [tip.id]);
    for (const role of ['hotline_operator', 'intel_analyst'] as const) {
      expect((await call(role, 'GET', `/api/v1/tips/${tip.id}`)).statusCode, role).toBe(404);
      const page = (await call(role, 'GET', '/api/v1/tips?q=restricted&limit=100')).json();
      expect(
        page.items.map((i: { id: string }) => i.id),
        role,
      ).not.toContain(tip.id);
    }
    expect((await call('unit_supervisor', 'GET', `/api/v1/tips/${tip.id}`)).statusCode).toBe(200);
    const page = (await call('unit_supervisor', 'GET', '/api/v1/tips?q=restricted&limit=100')).json();
    expect(page.items.map((i: { id: string }) => i.id)).toContain(tip.id);
  });

  it('hides related records of other agencies behind their holder codes (deconfliction)', async () => {
    const phone = '+855 11 909 808';
    const ours = await create('hotline_operator', { identifiers: [{ kind: 'phone', value: phone }] });
    const intakeAudit = { actorId: null, agencyId: null, ip: null, requestId: null };
    const siemReapAgency = demo.agencyIdByCode['KH-PP-SIEMREAP']!;
    const theirs = await t.database.db.transaction((tx) =>
      insertTip(
        t.ctx,
        tx,
        {
          source: 'phone',
          agencyId: siemReapAgency,
          unitId: demo.unitsByAgency[siemReapAgency]![0]!.id,
          receivedAt: t.clock.now(),
          narrative: 'Their own tip',
          identifiers: [{ kind: 'phone', value: '+85511909808', role: 'reported' }],
        },
        intakeAudit,
      ),
    );
    const mine = (await call('hotline_operator', 'GET', `/api/v1/tips/${ours.id}`)).json();
    expect(mine.related).toEqual([
      {
        recordType: 'tip',
        id: null,
        reference: null,
        status: null,
        holder: { agencyCode: 'KH-PP-SIEMREAP', unitCode: 'AHT-SR' },
        sharedIdentifiers: [{ kind: 'phone', value: null }],
        visible: false,
      },
    ]);
    const theirView = (await call(siemReap, 'GET', `/api/v1/tips/${theirs.id}`)).json();
    expect(theirView.related[0]).toMatchObject({
      holder: { agencyCode: 'KH-NP-AHTJP', unitCode: 'HOTLINE' },
    });
    expect(JSON.stringify(theirView.related)).not.toContain(ours.reference);
  });

  it('discloses the reporter contact only on its own route, audited as a disclosure', async () => {
    const tip = await create('hotline_operator', { reporterContact: 'Auntie Demo, 012 345 987' });
    await call('hotline_operator', 'POST', `/api/v1/tips/${tip.id}/assign`, { unitId: tcse });
    const res = await call('unit_supervisor', 'GET', `/api/v1/tips/${tip.id}/reporter-contact`);
    expect(res.json()).toEqual({ reporterContact: 'Auntie Demo, 012 345 987' });
    expect((await call('investigator', 'GET', `/api/v1/tips/${tip.id}/reporter-contact`)).statusCode).toBe(
      404,
    );
    expect((await call('investigator', 'GET', `/api/v1/tips/${tip.id}`)).body).not.toContain('Auntie');
    expect((await auditOf(tip.id)).map((a) => a.action)).toEqual([
      'tips.create',
      'tips.assign',
      'disclose',
      'read',
    ]);
  });

  it('lets NGOs and partners hand a tip in under the intake agency but never read it back', async () => {
    const wrongSource = await call('ngo_caseworker', 'POST', '/api/v1/tips', {
      source: 'phone',
      narrative: 'x',
    });
    expect(wrongSource.statusCode).toBe(400);
    expect(wrongSource.json().error.issues[0].path).toBe('body.source');
    const tip = await create('ngo_caseworker', { source: 'ngo' });
    expect(await row(tip.id)).toMatchObject({ unit_id: hotline });
    expect((await call('ngo_caseworker', 'GET', `/api/v1/tips/${tip.id}`)).statusCode).toBe(404);
    expect((await call('ngo_caseworker', 'GET', '/api/v1/tips')).statusCode).toBe(404);
    const partner = await create('liaison_officer', { source: 'foreign_hotline' });
    expect(partner.reference).toMatch(/^T-2026-/);
  });

  it('messages the anonymous reporter only on tips with a receipt; legal authority unlocks a file', async () => {
    const plain = await create('hotline_operator', {});
    const noReceipt = await call('hotline_operator', 'POST', `/api/v1/tips/${plain.id}/messages`, {
      body: 'Hello',
    });
    expect(noReceipt.statusCode).toBe(409);
    const intake = await resolveIntakeAgency(t.database.db, t.ctx.config);
    const portal = await t.database.db.transaction((tx) =>
      insertTip(
        t.ctx,
        tx,
        {
          source: 'public_portal',
          ...intake,
          unitId: tcse,
          receivedAt: t.clock.now(),
          narrative: 'Portal report',
          identifiers: [],
          receipt: { locator: 'TESTLOC1', hash: 'argon-hash-placeholder' },
          files: [{ fileName: 'x.png', hash: null, hashKind: null, viewedByPlatform: false }],
        },
        { actorId: null, agencyId: null, ip: null, requestId: null },
      ),
    );
    const sent = await call('investigator', 'POST', `/api/v1/tips/${portal.id}/messages`, {
      body: 'Thank you',
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ direction: 'to_reporter', authorId: demo.byRole.investigator.id });
    const detail = (await call('investigator', 'GET', `/api/v1/tips/${portal.id}`)).json();
    expect(detail.lockedFiles).toBe(1);
    const fileId = detail.files[0].id;
    const unlocked = await call(
      'investigator',
      'POST',
      `/api/v1/tips/${portal.id}/files/${fileId}/legal-authority`,
      { authority: 'Court order 12/2026' },
    );
    expect(unlocked.json()).toMatchObject({ locked: false, legalAuthority: 'Court order 12/2026' });
    const twice = await call(
      'investigator',
      'POST',
      `/api/v1/tips/${portal.id}/files/${fileId}/legal-authority`,
      {
        authority: 'Court order 12/2026',
      },
    );
    expect(twice.statusCode).toBe(409);
    expect((await auditOf(portal.id)).map((a) => a.action)).toEqual([
      'tips.create',
      'tips.message_reporter',
      'read',
      'tips.record_legal_authority',
    ]);
  });
});
