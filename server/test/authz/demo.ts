import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROLES, type Role } from '@karpear/contracts';
import { DEMO_USERS } from '../../src/demo/demo-data.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { agencies, units } from '../../src/modules/agencies/index.ts';
import { users } from '../../src/modules/users/index.ts';
import type { DatabaseHandle } from '../../src/platform/db/index.ts';
import type { TestApp } from '../app.ts';
import { signInAs } from './session.ts';

export interface DemoUserRef {
  id: string;
  email: string;
  roles: Role[];
  agencyId: string;
  unitId: string | null;
}

export interface DemoIndex {
  /** One demo user per role (the first in DEMO_USERS holding it). */
  byRole: Record<Role, DemoUserRef>;
  users: DemoUserRef[];
  agencyIdByCode: Record<string, string>;
  agencyCodeById: Record<string, string>;
  /** Units per agency id. */
  unitsByAgency: Record<string, Array<{ id: string; code: string }>>;
}

/** Seed the synthetic demo organisations and users (SECURITY.md's seed) and index them for tests. */
export async function seedDemoIndex(database: DatabaseHandle): Promise<DemoIndex> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-authz-'));
  try {
    await seedDemo(database, dataDir);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const userRows = await database.db.select().from(users);
  const agencyRows = await database.db.select().from(agencies);
  const unitRows = await database.db.select().from(units);
  const refs: DemoUserRef[] = userRows.map((u) => ({
    id: u.id,
    email: u.email,
    roles: u.roles as Role[],
    agencyId: u.agencyId,
    unitId: u.unitId,
  }));
  const byRole = {} as Record<Role, DemoUserRef>;
  for (const role of ROLES) {
    const demo = DEMO_USERS.find((d) => d.roles.includes(role));
    const ref = refs.find((r) => r.email === demo?.email);
    if (!ref) throw new Error(`the demo data has no user with role ${role}`);
    byRole[role] = ref;
  }
  const unitsByAgency: DemoIndex['unitsByAgency'] = {};
  for (const u of unitRows) {
    unitsByAgency[u.agencyId] = [...(unitsByAgency[u.agencyId] ?? []), { id: u.id, code: u.code }];
  }
  return {
    byRole,
    users: refs,
    agencyIdByCode: Object.fromEntries(agencyRows.map((a) => [a.code, a.id])),
    agencyCodeById: Object.fromEntries(agencyRows.map((a) => [a.id, a.code])),
    unitsByAgency,
  };
}

/** A Cookie header per role, one session each. */
export async function sessionsByRole(t: TestApp, demo: DemoIndex): Promise<Record<Role, string>> {
  const out = {} as Record<Role, string>;
  for (const role of ROLES) out[role] = await signInAs(t, demo.byRole[role].email);
  return out;
}

/** Another agency than `agencyId`, with units when possible (a police agency). */
export function otherAgencyId(demo: DemoIndex, agencyId: string): string {
  const preferred = ['KH-PP-SIEMREAP', 'KH-NP-AHTJP'].map((c) => demo.agencyIdByCode[c]!);
  return preferred.find((id) => id !== agencyId)!;
}
