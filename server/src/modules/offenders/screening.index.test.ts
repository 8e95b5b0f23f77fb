import { describe, expect, it } from 'vitest';
import type { EntryRow } from './register.repo.ts';
import { entryItem, ScreeningIndex } from './screening.index.ts';

/** The in-memory screening list: base + delta, liveness and expiry at match time. */
const NOW = new Date('2026-11-28T08:00:00Z');

function entry(id: string, changes: Partial<EntryRow> = {}): EntryRow {
  return {
    id,
    reference: `REG-2026-${id}`,
    agencyId: 'a',
    unitId: 'u',
    status: 'active',
    basis: 'deported',
    dob: '1960-05-04',
    gender: 'male',
    nationalities: ['GB'],
    offences: [],
    legalBasis: 'x',
    sourceDocument: null,
    photoRef: null,
    riskLevel: 'high',
    reviewDate: null,
    expiresAt: null,
    instructions: 'call',
    approvalId: null,
    createdBy: null,
    createdAt: NOW,
    updatedAt: NOW,
    writtenXid: null,
    activatedAt: NOW,
    removedReason: null,
    version: 1,
    ...changes,
  };
}
const names = (name: string) => [{ name, isPrimary: true }];
const passport = (number: string) => [{ country: 'GB', number }];
const query = { id: 'q', full_name: 'Aldous Fakename Sample', dob: '1960-05-04', passport_number: 'ZZ1' };

describe('screening index', () => {
  it('matches a live entry once, whichever of its passports matched', () => {
    const index = new ScreeningIndex([
      entryItem(entry('1'), names('Aldous Fakename Sample'), [...passport('ZZ1'), ...passport('ZZ2')], NOW),
      entryItem(entry('2'), names('Somebody Else Entirely'), passport('ZZ9'), NOW),
    ]);
    const matches = index.check(query, NOW);
    expect(matches.map((m) => m.id)).toEqual(['1']);
    expect(matches[0]!.match.decision).toBe('hit');
  });

  it('lets the delta withdraw or replace a base entry, and skips entries past their expiry', () => {
    const index = new ScreeningIndex([
      entryItem(entry('1'), names('Aldous Fakename Sample'), passport('ZZ1'), NOW),
    ]);
    index.apply([
      entryItem(entry('1', { status: 'removed' }), names('Aldous Fakename Sample'), passport('ZZ1'), NOW),
    ]);
    expect(index.check(query, NOW)).toEqual([]);
    const soon = new Date(NOW.getTime() + 60_000);
    index.apply([
      entryItem(entry('1', { expiresAt: soon }), names('Aldous Fakename Sample'), passport('ZZ1'), NOW),
    ]);
    expect(index.check(query, NOW).map((m) => m.id)).toEqual(['1']);
    expect(index.check(query, new Date(soon.getTime() + 1))).toEqual([]);
    expect(index.size).toEqual({ base: 1, delta: 1 });
  });
});
