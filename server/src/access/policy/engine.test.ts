import { describe, expect, it } from 'vitest';
import type { Actor } from '../actor.ts';
import { PolicyEngine, rulesAllow } from './engine.ts';
import { rule } from './rules.ts';

const actor = (over: Partial<Actor> = {}): Actor => ({
  userId: 'u1',
  agencyId: 'agencyA',
  agencyType: 'police',
  unitId: 'unit1',
  roles: ['investigator'],
  sessionId: 's1',
  stepUpAt: new Date(0),
  ip: null,
  requestId: null,
  ...over,
});

const engine = new PolicyEngine([
  {
    'tips.read': [rule(['investigator'], 'own_agency'), rule(['intel_analyst'], 'any')],
    'tips.assign': [rule(['unit_supervisor'], 'own_unit')],
    'users.read_self': [rule(['investigator', 'auditor'], 'self')],
    'cases.read': [rule(['prosecutor'], 'team')],
    'victims.identity_read': [rule(['victim_support_officer'], 'grant')],
  },
]);

describe('policy engine', () => {
  it('denies an undeclared action to everyone', () => {
    expect(engine.can(actor({ roles: ['system_admin'] }), 'tips.delete_all')).toBe(false);
    expect(() => engine.authorize(actor(), 'tips.delete_all')).toThrow(/Not found/);
  });

  it('allows own agency and denies another agency (paired)', () => {
    expect(engine.can(actor(), 'tips.read', { type: 'tip', agencyId: 'agencyA' })).toBe(true);
    expect(engine.can(actor(), 'tips.read', { type: 'tip', agencyId: 'agencyB' })).toBe(false);
    expect(engine.can(actor(), 'tips.read', { type: 'tip' })).toBe(false);
  });

  it('needs the role, not only the relation', () => {
    expect(engine.can(actor({ roles: ['trainer'] }), 'tips.read', { type: 'tip', agencyId: 'agencyA' })).toBe(
      false,
    );
    expect(
      engine.can(actor({ roles: ['intel_analyst'] }), 'tips.read', { type: 'tip', agencyId: 'agencyB' }),
    ).toBe(true);
  });

  it('checks unit, team, self and grant relations', () => {
    const sup = actor({ roles: ['unit_supervisor'] });
    expect(engine.can(sup, 'tips.assign', { type: 'tip', agencyId: 'agencyA', unitId: 'unit1' })).toBe(true);
    expect(engine.can(sup, 'tips.assign', { type: 'tip', agencyId: 'agencyA', unitId: 'unit2' })).toBe(false);
    expect(engine.can(sup, 'tips.assign', { type: 'tip', agencyId: 'agencyB', unitId: 'unit1' })).toBe(false);
    const pros = actor({ roles: ['prosecutor'] });
    expect(engine.can(pros, 'cases.read', { type: 'case', teamUserIds: ['u1'] })).toBe(true);
    expect(engine.can(pros, 'cases.read', { type: 'case', teamUserIds: ['u2'] })).toBe(false);
    expect(engine.can(actor(), 'users.read_self', { type: 'user', userId: 'u1' })).toBe(true);
    expect(engine.can(actor(), 'users.read_self', { type: 'user', userId: 'u2' })).toBe(false);
    const vso = actor({ roles: ['victim_support_officer'] });
    const victim = { type: 'victim', agencyId: 'agencyA' };
    expect(
      engine.can(vso, 'victims.identity_read', { ...victim, grantedActions: ['victims.identity_read'] }),
    ).toBe(true);
    expect(engine.can(vso, 'victims.identity_read', victim)).toBe(false);
  });

  it('keeps restricted records closed unless the rule names their handling code (paired)', () => {
    const restricted = new PolicyEngine([
      {
        'ops.read': [rule(['investigator'], 'own_agency')],
        'ops.read_restricted': [rule(['unit_supervisor'], 'own_agency', ['restricted'])],
      },
    ]);
    const op = { type: 'operation', agencyId: 'agencyA', handling: 'restricted' as const };
    expect(restricted.can(actor(), 'ops.read', { ...op, handling: 'normal' })).toBe(true);
    expect(restricted.can(actor(), 'ops.read', op)).toBe(false);
    expect(restricted.can(actor({ roles: ['unit_supervisor'] }), 'ops.read_restricted', op)).toBe(true);
    expect(
      restricted.can(actor({ roles: ['unit_supervisor'] }), 'ops.read_restricted', {
        ...op,
        handling: 'secret',
      }),
    ).toBe(false);
  });

  it('answers route-level questions and abilities', () => {
    expect(engine.canPerformAction(actor(), 'tips.read')).toBe(true);
    expect(engine.canPerformAction(actor(), 'tips.assign')).toBe(false);
    expect(
      engine.abilities(actor(), ['tips.read', 'tips.assign'], { type: 'tip', agencyId: 'agencyA' }),
    ).toEqual(['tips.read']);
  });

  it('names the relations a role holds for list queries, and evaluates loose rule sets the same way', () => {
    expect(
      engine.relationsFor(actor({ roles: ['investigator', 'intel_analyst'] }), 'tips.read').sort(),
    ).toEqual(['any', 'own_agency']);
    expect(engine.relationsFor(actor({ roles: ['trainer'] }), 'tips.read')).toEqual([]);
    const rules = [rule(['unit_supervisor'], 'own_agency')];
    const sup = actor({ roles: ['unit_supervisor'] });
    expect(rulesAllow(sup, rules, 'x.y', { type: 'r', agencyId: 'agencyA' })).toBe(true);
    expect(rulesAllow(sup, rules, 'x.y', { type: 'r', agencyId: 'agencyB' })).toBe(false);
    expect(rulesAllow(actor(), rules, 'x.y', { type: 'r', agencyId: 'agencyA' })).toBe(false);
  });

  it('refuses a table that declares an action twice or names it badly', () => {
    expect(() => new PolicyEngine([{ 'a.b': [] }, { 'a.b': [] }])).toThrow(/declared twice/);
    expect(() => new PolicyEngine([{ Bad: [] }])).toThrow(/module\.verb/);
  });
});
