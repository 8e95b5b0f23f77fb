import type { DatabaseHandle } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { findAgencyByCode, listUnitsOfAgency } from '../agencies/index.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import { findUserByEmail, insertUser, type UserRow } from './users.repo.ts';
import { type AddUserInput, addUserInputSchema } from './users.schema.ts';

export interface CreatedUser {
  user: UserRow;
  /** Shown once to whoever created the account; only its hash is stored. */
  initialPassword: string;
}

/**
 * Create a user in an agency (and optionally a unit of it) with a generated initial password.
 * Refuses an unknown agency or unit and an e-mail already in use, naming the field.
 */
export async function addUser(
  database: DatabaseHandle,
  input: AddUserInput,
  options: { isDemo?: boolean; password?: string } = {},
): Promise<CreatedUser> {
  const parsed = addUserInputSchema.parse(input);
  const agency = await findAgencyByCode(database.db, parsed.agency);
  if (!agency)
    throw new AppError('validation_failed', `No agency has the code ${parsed.agency}`, [
      { path: 'agency', message: 'unknown agency code' },
    ]);
  let unitId: string | null = null;
  if (parsed.unit) {
    const unit = (await listUnitsOfAgency(database.db, agency.id)).find((u) => u.code === parsed.unit);
    if (!unit)
      throw new AppError('validation_failed', `Agency ${agency.code} has no unit ${parsed.unit}`, [
        { path: 'unit', message: 'unknown unit code' },
      ]);
    unitId = unit.id;
  }
  if (await findUserByEmail(database.db, parsed.email)) {
    throw new AppError('conflict', `A user with the e-mail ${parsed.email} already exists`, [
      { path: 'email', message: 'already in use' },
    ]);
  }
  const initialPassword = options.password ?? generatePassword();
  const user = await insertUser(database.db, {
    agencyId: agency.id,
    unitId,
    email: parsed.email,
    displayName: parsed.name,
    roles: parsed.roles,
    status: 'active',
    passwordHash: await hashPassword(initialPassword),
    isDemo: options.isDemo ?? false,
  });
  return { user, initialPassword };
}
