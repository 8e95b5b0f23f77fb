import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config.ts';
import { slaDueAt, slaMinutesFor, slaState } from './tips.sla.ts';

const config = loadConfig({}, {});
const received = new Date('2026-03-01T00:00:00Z');

describe('tip SLA', () => {
  it('defaults to P1 2 h, P2 24 h, P3 72 h, P4 14 days', () => {
    expect(['P1', 'P2', 'P3', 'P4'].map((p) => slaMinutesFor(config, p as 'P1'))).toEqual([
      120, 1440, 4320, 20160,
    ]);
    expect(slaDueAt(config, 'P1', received)?.toISOString()).toBe('2026-03-01T02:00:00.000Z');
    expect(slaDueAt(config, 'P4', received)?.toISOString()).toBe('2026-03-15T00:00:00.000Z');
  });

  it('reads durations or minutes from the environment and names a bad one', () => {
    const c = loadConfig(
      {},
      {
        KARPEAR_TIP_SLA_P1: '90m',
        KARPEAR_TIP_SLA_P2: '6h',
        KARPEAR_TIP_SLA_P3: '3d',
        KARPEAR_TIP_SLA_P4: '45',
      },
    );
    expect([c.tipSlaP1, c.tipSlaP2, c.tipSlaP3, c.tipSlaP4]).toEqual([90, 360, 4320, 45]);
    expect(() => loadConfig({}, { KARPEAR_TIP_SLA_P2: 'soon' })).toThrow(/KARPEAR_TIP_SLA_P2 \(tipSlaP2\)/);
    expect(() => loadConfig({}, { KARPEAR_TIP_SLA_P1: '0' })).toThrow(/KARPEAR_TIP_SLA_P1/);
  });

  it('carries no due time for a closed tip', () => {
    expect(slaDueAt(config, 'P1', received, 'closed_no_action')).toBeNull();
    expect(slaDueAt(config, 'P1', received, 'converted_to_case')).toBeNull();
  });

  it('is ok, then due soon in the last quarter, then breached; none when closed', () => {
    const due = slaDueAt(config, 'P1', received)!;
    const at = (minutes: number) => new Date(received.getTime() + minutes * 60_000);
    const tip = { status: 'new' as const, priority: 'P1' as const, slaDueAt: due };
    expect(slaState(config, tip, at(60))).toBe('ok');
    expect(slaState(config, tip, at(89))).toBe('ok');
    expect(slaState(config, tip, at(91))).toBe('due_soon');
    expect(slaState(config, tip, at(120))).toBe('breached');
    expect(slaState(config, { ...tip, status: 'actioned' }, at(500))).toBe('none');
  });
});
