import type { Role } from '@karpear/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.ts';
import { type DemoIndex, seedDemoIndex, sessionsByRole } from '../../../test/authz/demo.ts';
import { signInAs } from '../../../test/authz/session.ts';

/**
 * The offender register over HTTP: proposal and normalisation, four eyes (the proposer never approves),
 * the border check (instructions only, never case content; expired/removed entries stop matching),
 * travel notifications as watches, and the audit event of every check.
 */
describe('offender register, travel notifications and border check', () => {
  let t: TestApp;
  let demo: DemoIndex;
  let cookies: Record<Role, string>;

  beforeAll(async () => {
    t = await createTestApp();
    demo = await seedDemoIndex(t.database);
    cookies = await sessionsByRole(t, demo);
  }, 60_000);
  afterAll(async () => t?.close());

  const call = (role: Role | string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      payload,
      headers: {
        cookie: role in cookies ? cookies[role as Role] : role,
        ...(method === 'GET' ? {} : { 'x-requested-with': 'karpear' }),
      },
    });
  const auditOf = (objectId: string) =>
    t.database.query<{ action: string; outcome: string; details: Record<string, unknown> }>(
      'SELECT action, outcome, details FROM audit_log WHERE object_id = $1 ORDER BY position',
      [objectId],
    );
  const checks = () =>
    t.database.query<{ object_id: string | null; details: Record<string, unknown> }>(
      "SELECT object_id, details FROM audit_log WHERE action = 'screening.check' ORDER BY position",
    );

  const entryBody = {
    basis: 'foreign_notification',
    names: [
      { name: 'Quillon Testerby Vantablack', primary: true },
      { name: 'ឃ្វីលឡុន តេស្ត', primary: false },
    ],
    dob: '1961-07',
    gender: 'male',
    nationalities: ['France', 'bel'],
    passports: [{ country: 'FRA', number: ' 19zz-00417 ' }],
    offences: ['Synthetic offence A (demo)'],
    legalBasis: 'Demo notification under a synthetic agreement',
    sourceDocument: 'DEMO-DOC-001',
    riskLevel: 'high',
    reviewDate: '2027-06-30',
    instructions: 'Hold at the desk and call the duty officer of the TCSE unit',
  };
  const check = (role: Role, body: object) => call(role, 'POST', '/screening/check', body);
  const passportCheck = { passportNumber: '19ZZ00417', passportCountry: 'FR', names: ['Quillon Vantablack'] };

  async function propose(role: Role = 'investigator', body: object = entryBody) {
    const res = await call(role, 'POST', '/register', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  async function activate(id: string, requester: Role = 'investigator', approver: Role = 'unit_supervisor') {
    const asked = await call(requester, 'POST', `/register/${id}/activation`, {
      justification: 'Notification received through the liaison channel, verified',
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const decided = await call(approver, 'POST', `/register/${id}/activation/decision`, {
      decision: 'approved',
      note: 'Documents checked',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    return decided.json();
  }

  it('proposes an entry with normalised countries and passports and a REG reference, audited', async () => {
    const entry = await propose();
    expect(entry).toMatchObject({
      reference: 'REG-2026-00001',
      status: 'proposed',
      nationalities: ['FR', 'BE'],
      passports: [{ country: 'FR', number: '19ZZ00417' }],
      primaryName: 'Quillon Testerby Vantablack',
      dob: '1961-07',
      version: 1,
    });
    expect(entry.names[0]).toEqual({ name: 'Quillon Testerby Vantablack', primary: true });
    expect(entry.abilities).toContain('offenders.request_activation');
    expect(entry.abilities).not.toContain('offenders.decide_activation');
    expect((await auditOf(entry.id)).map((e) => e.action)).toEqual(['offenders.create']);
    const second = await propose('unit_supervisor', {
      ...entryBody,
      names: [{ name: 'Zed Fakename', primary: false }],
    });
    expect(second.reference).toBe('REG-2026-00002');
    expect(second.names).toEqual([{ name: 'Zed Fakename', primary: true }]);
  });

  it('refuses bad input naming the field', async () => {
    const cases: Array<[object, string]> = [
      [
        {
          names: [
            { name: 'A B', primary: true },
            { name: 'C D', primary: true },
          ],
        },
        'body.names',
      ],
      [
        {
          names: [
            { name: 'A B', primary: false },
            { name: 'C D', primary: false },
          ],
        },
        'body.names',
      ],
      [{ dob: '2023-02-29' }, 'body.dob'],
      [{ dob: '1961-13' }, 'body.dob'],
      [{ nationalities: ['KH', 'Atlantis'] }, 'body.nationalities.1'],
      [{ passports: [{ country: 'FR', number: '1-2' }] }, 'body.passports.0.number'],
      [{ passports: [{ country: 'Nowhere', number: '12345' }] }, 'body.passports.0.country'],
    ];
    for (const [change, path] of cases) {
      const res = await call('investigator', 'POST', '/register', { ...entryBody, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      expect(res.json().error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
  });

  it('keeps the register from immigration officers, and from units that are not specialist', async () => {
    const entry = await propose();
    expect((await call('immigration_officer', 'GET', `/register/${entry.id}`)).statusCode).toBe(404);
    expect((await call('immigration_officer', 'GET', '/register')).statusCode).toBe(404);
    const siemReap = demo.users.find((u) => u.email === 'investigator.siemreap@demo.karpear.test')!;
    const other = await signInAs(t, siemReap.email);
    expect((await call(other, 'POST', '/register', entryBody)).statusCode).toBe(404);
    expect((await call(other, 'GET', `/register/${entry.id}`)).statusCode).toBe(404);
    // National readers see it.
    expect((await call('prosecutor', 'GET', `/register/${entry.id}`)).statusCode).toBe(200);
    expect((await call('intel_analyst', 'GET', `/register/${entry.id}`)).json().abilities).toEqual([]);
  });

  it('activates only with a second person: the requester cannot approve their own request', async () => {
    const entry = await propose('unit_supervisor');
    const asked = await call('unit_supervisor', 'POST', `/register/${entry.id}/activation`, {
      justification: 'Conviction record received and checked',
    });
    expect(asked.json().approval).toMatchObject({ state: 'pending' });
    // The proposer, even though an approver role: 409, and the entry stays proposed.
    const own = await call('unit_supervisor', 'POST', `/register/${entry.id}/activation/decision`, {
      decision: 'approved',
    });
    expect(own.statusCode).toBe(409);
    // An investigator is no approver at all: 404.
    const inv = await call('investigator', 'POST', `/register/${entry.id}/activation/decision`, {
      decision: 'approved',
    });
    expect(inv.statusCode).toBe(404);
    expect((await call('unit_supervisor', 'GET', `/register/${entry.id}`)).json().status).toBe('proposed');
    expect((await check('immigration_officer', passportCheck)).json().result).toBe('no_hit');
    // A too-short justification is refused naming the field.
    const other = await propose();
    const short = await call('investigator', 'POST', `/register/${other.id}/activation`, {
      justification: 'ok',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.issues[0].path).toBe('body.justification');
    // The NCCT coordinator (another agency) approves: active.
    const done = await call('ncct_coordinator', 'POST', `/register/${entry.id}/activation/decision`, {
      decision: 'approved',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'active', approval: { state: 'approved' } });
    expect((await auditOf(entry.id)).map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'offenders.create:success',
      'approvals.request:success',
      'offenders.activate:denied',
      'offenders.read:success',
      'approvals.approve:success',
      'offenders.activate:success',
    ]);
  });

  it('answers a hit with instructions only, stores the hit, alerts the unit and audits with ids only', async () => {
    // Its own passport: the entry activated in the previous test shares entryBody's.
    const entry = await activate(
      (
        await propose('investigator', {
          ...entryBody,
          passports: [{ country: 'FRA', number: ' 19zz-00418 ' }],
        })
      ).id,
    );
    expect(entry.status).toBe('active');
    const passportCheck = {
      passportNumber: '19ZZ00418',
      passportCountry: 'FR',
      names: ['Quillon Vantablack'],
    };
    const before = (await checks()).length;
    const res = await check('immigration_officer', passportCheck);
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json();
    expect(answer).toMatchObject({
      result: 'hit',
      level: 'hit',
      instructions: entryBody.instructions,
      dutyUnit: { nameEn: 'Specialist TCSE unit' },
    });
    expect(answer.reference).toMatch(/^HIT-[0-9A-F]{8}$/);
    // Never names, offences, legal basis or the entry's reference at the desk.
    for (const secret of [
      'Quillon',
      'Vantablack',
      'Synthetic offence',
      'Demo notification',
      'REG-',
      'DEMO-DOC',
      '19ZZ',
    ])
      expect(res.body).not.toContain(secret);
    const hits = await t.database.query<{ id: string; decision: string; channel: string }>(
      'SELECT id, decision, channel FROM screening_hits WHERE register_entry_id = $1',
      [entry.id],
    );
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ decision: 'hit', channel: 'border' });
    const alerts = await t.database.query<{
      kind: string;
      recipient_unit_id: string;
      params: Record<string, unknown>;
    }>('SELECT kind, recipient_unit_id, params FROM alerts WHERE record_id = $1', [entry.id]);
    expect(alerts).toEqual([
      expect.objectContaining({ kind: 'register_hit', recipient_unit_id: entry.unitId }),
    ]);
    expect(alerts[0]!.params).toMatchObject({ hitId: hits[0]!.id, checkReference: answer.reference });
    const events = (await checks()).slice(before);
    expect(events).toHaveLength(1);
    expect(events[0]!.object_id).toBe(hits[0]!.id);
    // The same names on the previous test's entry (another passport) match too, ranked below.
    expect(events[0]!.details).toMatchObject({ result: 'hit', level: 'hit' });
    expect((events[0]!.details.registerEntryIds as string[])[0]).toBe(entry.id);
    expect(JSON.stringify(events[0]!.details)).not.toMatch(/Quillon|Vantablack|19ZZ/);
    // A name-only check (Khmer script, partial date of birth) also finds the entry.
    const byName = await check('unit_supervisor', { names: ['ឃ្វីលឡុន តេស្ត'], dob: '1961-07-14' });
    expect(byName.json().result).toBe('hit');
  });

  it('audits every check, no-hits included, and refuses empty checks', async () => {
    const before = (await checks()).length;
    for (const names of [['Nobody Matches Thisname'], ['Another Unknown Person']])
      expect((await check('immigration_officer', { names, nationality: 'DE' })).json().result).toBe('no_hit');
    const events = (await checks()).slice(before);
    expect(events.map((e) => e.details.result)).toEqual(['no_hit', 'no_hit']);
    expect(events.every((e) => e.object_id === null)).toBe(true);
    expect((await check('immigration_officer', {})).statusCode).toBe(400);
    expect((await check('investigator', { names: ['X Y'] })).statusCode).toBe(404);
  });

  it('stops matching an entry that is expired, removed, or past its expiry date', async () => {
    const body = (name: string, number: string) => ({
      ...entryBody,
      names: [{ name, primary: true }],
      passports: [{ country: 'GB', number }],
      nationalities: ['GB'],
    });
    const a = await activate((await propose('investigator', body('Ulric Fakeperson Demo', 'ZX900001'))).id);
    const aCheck = { passportNumber: 'ZX900001', passportCountry: 'GB', names: ['Ulric Fakeperson Demo'] };
    expect((await check('immigration_officer', aCheck)).json().result).toBe('hit');
    const expired = await call('unit_supervisor', 'POST', `/register/${a.id}/expire`, { version: a.version });
    expect(expired.json().status).toBe('expired');
    expect((await check('immigration_officer', aCheck)).json().result).toBe('no_hit');

    const b = await activate((await propose('investigator', body('Berthold Notreal Sample', 'ZX900002'))).id);
    const bCheck = { passportNumber: 'ZX900002', passportCountry: 'GB', names: ['Berthold Notreal Sample'] };
    expect((await check('immigration_officer', bCheck)).json().result).toBe('hit');
    const removed = await call('unit_supervisor', 'POST', `/register/${b.id}/remove`, {
      reason: 'Notification withdrawn by the partner',
    });
    expect(removed.json()).toMatchObject({
      status: 'removed',
      removedReason: 'Notification withdrawn by the partner',
    });
    expect((await check('immigration_officer', bCheck)).json().result).toBe('no_hit');

    const expiresAt = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const c = await activate(
      (await propose('investigator', { ...body('Cornelius Madeup Example', 'ZX900003'), expiresAt })).id,
    );
    const cCheck = { passportNumber: 'ZX900003', passportCountry: 'GB', names: ['Cornelius Madeup Example'] };
    expect((await check('immigration_officer', cCheck)).json().result).toBe('hit');
    t.clock.advance(2 * 3_600_000);
    // Sessions idle out over two hours: sign in again.
    for (const role of ['immigration_officer', 'unit_supervisor'] as const)
      cookies[role] = await signInAs(t, demo.byRole[role].email);
    expect((await check('immigration_officer', cCheck)).json().result).toBe('no_hit');
    const list = await call('unit_supervisor', 'GET', `/register?q=Cornelius`);
    expect(list.json().items[0]).toMatchObject({ id: c.id, status: 'active', lapsed: true });
  });

  it('changes an entry at its version only, and sends an active entry back to proposed', async () => {
    cookies = await sessionsByRole(t, demo); // fresh step-up after the clock moved
    const entry = await activate(
      (
        await propose('investigator', {
          ...entryBody,
          names: [{ name: 'Desmond Imaginary Case', primary: true }],
          passports: [{ country: 'US', number: 'QQ123456' }],
        })
      ).id,
    );
    const stale = await call('investigator', 'PATCH', `/register/${entry.id}`, {
      version: 1,
      riskLevel: 'low',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.issues[0].path).toBe('body.version');
    const changed = await call('investigator', 'PATCH', `/register/${entry.id}`, {
      version: entry.version,
      names: [{ name: 'Desmond Other Name', primary: true }],
    });
    expect(changed.json()).toMatchObject({ status: 'proposed', version: entry.version + 1 });
    const q = { passportNumber: 'QQ123456', passportCountry: 'US', names: ['Desmond Other Name'] };
    expect((await check('immigration_officer', q)).json().result).toBe('no_hit');
    const audit = await auditOf(entry.id);
    expect(audit.at(-1)).toMatchObject({
      action: 'offenders.update',
      details: { fields: ['names'], status: 'proposed', previousStatus: 'active' },
    });
  });

  it('records a travel notification from a foreign partner: unit alert, then a watch hit at the border', async () => {
    const travelDate = t.clock.now().toISOString().slice(0, 10);
    const res = await call('liaison_officer', 'POST', '/travel-notifications', {
      partnerRef: 'XF-2026-0042',
      names: ['Horatio Placeholder Smith'],
      dob: '1970-03-02',
      nationality: 'Australia',
      passportCountry: 'AUS',
      passportNumber: 'PA 1234567',
      travelDate,
      flight: 'XX123',
      stayPlace: 'Demo guesthouse',
    });
    expect(res.statusCode, res.body).toBe(201);
    const tn = res.json();
    const tcse = demo.unitsByAgency[demo.agencyIdByCode['KH-NP-AHTJP']!]!.find((u) => u.code === 'TCSE')!;
    expect(tn).toMatchObject({
      reference: 'TN-2026-00001',
      unitId: tcse.id,
      nationality: 'AU',
      passportNumber: 'PA1234567',
      watching: true,
    });
    expect(tn.watchUntil.slice(0, 10)).toBe(
      new Date(new Date(`${travelDate}T00:00:00Z`).getTime() + 30 * 86_400_000).toISOString().slice(0, 10),
    );
    const alerts = () =>
      t.database.query<{ kind: string; recipient_unit_id: string }>(
        'SELECT kind, recipient_unit_id FROM alerts WHERE record_id = $1 ORDER BY created_at, kind',
        [tn.id],
      );
    expect(await alerts()).toEqual([{ kind: 'travel_notification', recipient_unit_id: tcse.id }]);
    // The liaison officer files but does not read the unit's notifications.
    expect((await call('liaison_officer', 'GET', `/travel-notifications/${tn.id}`)).statusCode).toBe(404);
    expect((await call('investigator', 'GET', '/travel-notifications')).json().items[0].id).toBe(tn.id);

    const hit = await check('immigration_officer', {
      passportNumber: 'PA1234567',
      passportCountry: 'AU',
      names: ['Horatio Smith'],
      dob: '1970-03-02',
    });
    expect(hit.json()).toMatchObject({ result: 'hit', instructions: null, dutyUnit: { id: tcse.id } });
    expect(hit.body).not.toContain('Horatio');
    expect((await alerts()).map((a) => a.kind).sort()).toEqual(['travel_notification', 'watch_hit']);
  });
});
