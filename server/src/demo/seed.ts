import fs from 'node:fs';
import path from 'node:path';
import { loadTotp, newTotpSecret, saveTotp } from '../access/auth/index.ts';
import { upsertAgencyByCode, upsertUnitByCode } from '../modules/agencies/index.ts';
import { seedDemoRegister } from '../modules/offenders/index.ts';
import {
  addUser,
  findUserByEmail,
  generatePassword,
  hashPassword,
  updateUserPasswordHash,
} from '../modules/users/index.ts';
import type { SecretBox } from '../platform/crypto/index.ts';
import type { DatabaseHandle } from '../platform/db/index.ts';
import { seedDemoCyberTips } from './demo-cybertips.ts';
import { DEMO_AGENCIES, DEMO_USERS } from './demo-data.ts';
import { seedDemoTips } from './demo-tips.ts';

export interface DemoCredential {
  email: string;
  password: string;
  roles: string[];
  agency: string;
  /** Base32 TOTP secret of the user's enrolled authenticator (absent when seeded without a SecretBox). */
  totpSecret?: string;
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
 * keep their passwords and TOTP secrets (read back from the credentials file); a demo user whose
 * password or secret is no longer known (or no longer opens with this key) gets a new one. Every
 * demo user is active, has an authenticator enrolled (sealed with `secrets`) and has not yet
 * acknowledged the banner. Demo mode only: the credentials file holds plaintext passwords and TOTP
 * secrets. Without `secrets` (tests that sign in with `signInAs`) no factor is enrolled.
 */
export async function seedDemo(
  database: DatabaseHandle,
  dataDir: string,
  secrets?: SecretBox,
  options: { workData?: boolean } = {},
): Promise<SeedResult> {
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
    let userId = existing?.id;
    if (!existing) {
      const created = await addUser(database, { ...demo }, { isDemo: true, password });
      password = created.initialPassword;
      userId = created.user.id;
      usersCreated++;
    } else if (!password) {
      password = generatePassword();
      await updateUserPasswordHash(database.db, existing.id, await hashPassword(password));
    }
    const totpSecret = secrets
      ? await ensureTotp(database, secrets, userId!, known.get(demo.email)?.totpSecret)
      : undefined;
    credentials.push({
      email: demo.email,
      password: password!,
      roles: demo.roles,
      agency: demo.agency,
      ...(totpSecret ? { totpSecret } : {}),
    });
  }
  // Demo tips only for a real demo (serve/demo pass `secrets`; tests that sign in with real factors opt
  // out with `workData: false`), so other tests do not find tips they did not make — and do not pay
  // for importing 40 reports each.
  if (secrets && options.workData !== false) {
    await seedDemoTips(database);
    // Then CyberTipline reports through the real import (some with files locked until legal authority).
    await seedDemoCyberTips(database);
  }
  // Synthetic offender register entries (issue 6), held by the specialist unit.
  await seedDemoRegister(database.db, new Date());
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { agencies: DEMO_AGENCIES.length, usersCreated, credentialsFile: file, credentials };
}

/** Keep the user's enrolled secret when the file still knows it and it opens; otherwise enrol anew. */
async function ensureTotp(
  database: DatabaseHandle,
  secrets: SecretBox,
  userId: string,
  knownSecret: string | undefined,
): Promise<string> {
  const stored = await loadTotp(database.db, secrets, userId).catch(() => undefined);
  if (stored && knownSecret && stored.secret === knownSecret) return knownSecret;
  const secret = newTotpSecret();
  await saveTotp(database.db, secrets, userId, secret, 0, new Date());
  return secret;
}
