/** The users module's public surface: other modules import from here only. */
export { generatePassword, hashPassword, verifyPassword } from './passwords.ts';
export { UNIT_MEMBERS_POLICY } from './users.members.policy.ts';
export { listUnitMembers, type UnitMember, unitMembersRoutes } from './users.members.ts';
export { USERS_POLICY } from './users.policy.ts';
export {
  countDemoUsers,
  findUserByEmail,
  findUserById,
  type UserRow,
  updateUserPasswordHash,
} from './users.repo.ts';
export { usersRoutes } from './users.routes.ts';
export { type AddUserInput, addUserInputSchema } from './users.schema.ts';
export { addUser, type CreatedUser } from './users.service.ts';
export { users } from './users.tables.ts';
