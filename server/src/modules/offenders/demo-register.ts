import { and, eq } from 'drizzle-orm';
import { approvals } from '../../access/access.tables.ts';
import type { Executor } from '../../platform/db/index.ts';
import { findAgencyByCode, units } from '../agencies/index.ts';
import { findUserByEmail } from '../users/index.ts';
import { REGISTER_ACTIVATION_KIND, REGISTER_RECORD_TYPE } from './offenders.approval.ts';
import { registerEntries } from './offenders.tables.ts';
import * as repo from './register.repo.ts';

/**
 * Ten synthetic register entries for the demo, held by the specialist TCSE unit. Every name is
 * invented and says so ("Placeholder", "ทดสอบ" = test, "សាកល្បង" = trial, "测试" = test, "Вымышленный" =
 * fictional…); passports use the impossible series `ZZ` / `DEMO`. Active ones carry an approval by
 * the demo supervisor of the demo investigator's request (four eyes, as the app would record it).
 * Idempotent: an entry whose reference exists is left alone.
 */
interface DemoEntry {
  reference: string;
  status: 'proposed' | 'active' | 'expired';
  basis: 'convicted_kh' | 'foreign_notification' | 'deported' | 'green_notice';
  names: Array<{ name: string; primary: boolean }>;
  dob: string | null;
  gender: 'male' | 'female' | null;
  nationalities: string[];
  passports: Array<{ country: string; number: string }>;
  riskLevel: 'low' | 'medium' | 'high';
}

const n = (name: string, primary = false) => ({ name, primary });

export const DEMO_REGISTER: readonly DemoEntry[] = [
  {
    reference: 'REG-2025-00001',
    status: 'active',
    basis: 'convicted_kh',
    names: [n('Testy Placeholder McDemo', true), n('តេស្ទី ផ្លេសហូលឌ័រ')],
    dob: '1958-04-12',
    gender: 'male',
    nationalities: ['GB'],
    passports: [{ country: 'GB', number: 'ZZ0000101' }],
    riskLevel: 'high',
  },
  {
    reference: 'REG-2025-00002',
    status: 'active',
    basis: 'foreign_notification',
    names: [n('Dummy Fakeington', true), n('Dummy J. Fakeington')],
    dob: '1966-09',
    gender: 'male',
    nationalities: ['AU'],
    passports: [{ country: 'AU', number: 'ZZ0000202' }],
    riskLevel: 'high',
  },
  {
    reference: 'REG-2025-00003',
    status: 'active',
    basis: 'deported',
    names: [n('Тестов Вымышленный Иванович', true), n('Testov Vymyshlenny')],
    dob: '1971',
    gender: 'male',
    nationalities: ['RU'],
    passports: [{ country: 'RU', number: 'DEMO30303' }],
    riskLevel: 'medium',
  },
  {
    reference: 'REG-2025-00004',
    status: 'active',
    basis: 'green_notice',
    names: [n('测试 假名', true), n('Ceshi Jiaming')],
    dob: '1963-01-30',
    gender: 'male',
    nationalities: ['CN'],
    passports: [{ country: 'CN', number: 'ZZ0000404' }],
    riskLevel: 'high',
  },
  {
    reference: 'REG-2025-00005',
    status: 'active',
    basis: 'convicted_kh',
    names: [n('សាកល្បង ក្លែងក្លាយ', true), n('Sakalbong Klaengklay')],
    dob: '1975-06',
    gender: 'male',
    nationalities: ['KH'],
    passports: [],
    riskLevel: 'medium',
  },
  {
    reference: 'REG-2025-00006',
    status: 'active',
    basis: 'foreign_notification',
    names: [n('ทดสอบ สมมติ', true), n('Thotsop Sommut')],
    dob: '1969-11-05',
    gender: 'male',
    nationalities: ['TH'],
    passports: [{ country: 'TH', number: 'DEMO60606' }],
    riskLevel: 'low',
  },
  {
    reference: 'REG-2025-00007',
    status: 'proposed',
    basis: 'deported',
    names: [n('Exemplo Ficticio Demonstração', true)],
    dob: '1980-02',
    gender: 'male',
    nationalities: ['PT', 'BR'],
    passports: [{ country: 'PT', number: 'ZZ0000707' }],
    riskLevel: 'medium',
  },
  {
    reference: 'REG-2025-00008',
    status: 'proposed',
    basis: 'foreign_notification',
    names: [n('Nguyễn Giả Định', true), n('Nguyen Gia Dinh')],
    dob: '1977',
    gender: 'male',
    nationalities: ['VN'],
    passports: [],
    riskLevel: 'low',
  },
  {
    reference: 'REG-2025-00009',
    status: 'expired',
    basis: 'convicted_kh',
    names: [n('Mustermann Beispiel Sample', true)],
    dob: '1952-08-19',
    gender: 'male',
    nationalities: ['DE'],
    passports: [{ country: 'DE', number: 'ZZ0000909' }],
    riskLevel: 'low',
  },
  {
    reference: 'REG-2025-00010',
    status: 'active',
    basis: 'green_notice',
    names: [n('Jane Placeholder-Doe', true), n('J. P. Doe')],
    dob: '1970-12-01',
    gender: 'female',
    nationalities: ['US'],
    passports: [{ country: 'US', number: 'ZZ0001010' }],
    riskLevel: 'medium',
  },
];

/** Load the demo register; returns how many entries were created. Needs the demo agencies and users. */
export async function seedDemoRegister(db: Executor, now: Date): Promise<number> {
  const agency = await findAgencyByCode(db, 'KH-NP-AHTJP');
  const [unit] = agency
    ? await db
        .select()
        .from(units)
        .where(and(eq(units.agencyId, agency.id), eq(units.code, 'TCSE')))
        .limit(1)
    : [];
  const investigator = await findUserByEmail(db, 'investigator@demo.karpear.test');
  const supervisor = await findUserByEmail(db, 'supervisor@demo.karpear.test');
  if (!agency || !unit || !investigator || !supervisor) return 0;
  let created = 0;
  for (const demo of DEMO_REGISTER) {
    const existing = await db
      .select({ id: registerEntries.id })
      .from(registerEntries)
      .where(eq(registerEntries.reference, demo.reference))
      .limit(1);
    if (existing.length > 0) continue;
    const entry = await repo.insertEntry(db, {
      reference: demo.reference,
      agencyId: agency.id,
      unitId: unit.id,
      status: demo.status,
      basis: demo.basis,
      dob: demo.dob,
      gender: demo.gender,
      nationalities: demo.nationalities,
      offences: ['Synthetic demo offence (invented)'],
      legalBasis: 'Synthetic demo record — no real person or case',
      sourceDocument: `DEMO-SRC-${demo.reference.slice(-2)}`,
      riskLevel: demo.riskLevel,
      reviewDate: '2027-06-30',
      expiresAt: demo.status === 'expired' ? new Date(now.getTime() - 86_400_000) : null,
      instructions: 'Hold the traveller at the desk and call the duty officer of the TCSE unit (demo)',
      createdBy: investigator.id,
      createdAt: now,
      updatedAt: now,
      activatedAt: demo.status === 'proposed' ? null : now,
    });
    await repo.replaceNames(db, entry.id, demo.names);
    await repo.replacePassports(db, entry.id, demo.passports);
    if (demo.status !== 'proposed') {
      const [approval] = await db
        .insert(approvals)
        .values({
          kind: REGISTER_ACTIVATION_KIND,
          recordType: REGISTER_RECORD_TYPE,
          recordId: entry.id,
          agencyId: agency.id,
          requestedBy: investigator.id,
          justification: 'Demo: synthetic entry approved at seeding',
          requestedAt: now,
          expiresAt: new Date(now.getTime() + 7 * 86_400_000),
          state: 'approved',
          decidedBy: supervisor.id,
          decidedAt: now,
        })
        .returning();
      await repo.updateEntry(db, entry.id, { approvalId: approval!.id });
    }
    created++;
  }
  return created;
}
