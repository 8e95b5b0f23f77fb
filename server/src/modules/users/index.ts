/** The users module's public surface: other modules import from here only. */
export { generatePassword, hashPassword, verifyPassword } from './passwords.ts';
export { countDemoUsers, findUserByEmail, type UserRow, updateUserPasswordHash } from './users.repo.ts';
export { type AddUserInput, addUserInputSchema } from './users.schema.ts';
export { addUser, type CreatedUser } from './users.service.ts';
export { users } from './users.tables.ts';
