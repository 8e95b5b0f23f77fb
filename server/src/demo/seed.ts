import fs from 'node:fs';
import path from 'node:path';
import { upsertAgencyByCode, upsertUnitByCode } from '../modules/agencies/index.ts';
import {
  addUser,
  findUserByEmail,
  generatePassword,
  hashPassword,
  updateUserPasswordHash,
} from '../modules/users/index.ts';
import type { DatabaseHandle } from '../platform/db/index.ts';
import { DEMO_AGENCIES, DEMO_USERS } from './demo-data.ts';

export interface DemoCredential {
  email: string;
  password: string;
  roles: string[];
  agency: string;
}

export interface SeedResult {
  agencies: number;
  usersCreated: number;
  credentialsFile: string;
  credentials: DemoCredential[];
}

export function credentialsPath(dataDir: string): string {
  return path.join(dataDir, 'demo-credentials.json');
}

function readCredentials(file: string): Map<string, DemoCredential> {
  try {
    const list = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoCredential[];
    return new Map(list.map((c) => [c.email, c]));
  } catch {
    return new Map();
  }
}

/**
 * Load the synthetic demo data. Idempotent: agencies and units are upserted by code, existing users
 * keep their passwords (read back from the credentials file); a demo user whose password is no longer
 * known gets a new one. Demo mode only — the credentials file holds plaintext passwords.
 */
export async function seedDemo(database: DatabaseHandle, dataDir: string): Promise<SeedResult> {
  for (const agency of DEMO_AGENCIES) {
    const row = await upsertAgencyByCode(database.db, {
      code: agency.code,
      type: agency.type,
      nameEn: agency.nameEn,
      nameKm: agency.nameKm,
      country: agency.country,
    });
    for (const unit of agency.units) {
      await upsertUnitByCode(database.db, {
        agencyId: row.id,
        code: unit.code,
        nameEn: unit.nameEn,
        nameKm: unit.nameKm,
        province: unit.province ?? null,
        isSpecialist: unit.isSpecialist ?? false,
      });
    }
  }

  const file = credentialsPath(dataDir);
  const known = readCredentials(file);
  const credentials: DemoCredential[] = [];
  let usersCreated = 0;
  for (const demo of DEMO_USERS) {
    const existing = await findUserByEmail(database.db, demo.email);
    let password = known.get(demo.email)?.password;
    if (!existing) {
      const created = await addUser(database, { ...demo }, { isDemo: true, password });
      password = created.initialPassword;
      usersCreated++;
    } else if (!password) {
      password = generatePassword();
      await updateUserPasswordHash(database.db, existing.id, await hashPassword(password));
    }
    credentials.push({ email: demo.email, password: password!, roles: demo.roles, agency: demo.agency });
  }
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { agencies: DEMO_AGENCIES.length, usersCreated, credentialsFile: file, credentials };
}
