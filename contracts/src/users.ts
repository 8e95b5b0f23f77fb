import { z } from 'zod';
import { emailSchema } from './auth.ts';
import { pageQuerySchema, pageSchema } from './pagination.ts';
import { roleSchema, userStatusSchema } from './roles.ts';

/**
 * User administration (`/api/v1/users`): what agency and system administrators see and may change.
 * Request objects strip unknown keys (`agencyId` from an agency admin, `passwordHash`, `isDemo`… are
 * never read); the server decides the agency of an agency admin's new user.
 */
export const userAdminViewSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  status: userStatusSchema,
  agencyId: z.uuid(),
  unitId: z.uuid().nullable(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  factors: z.object({ totp: z.boolean(), webauthn: z.number().int() }),
});
export type UserAdminView = z.infer<typeof userAdminViewSchema>;

export const userListQuerySchema = pageQuerySchema.extend({
  agencyId: z.uuid().optional(),
  status: userStatusSchema.optional(),
  /** Matches e-mail or display name (case-insensitive substring). */
  q: z.string().trim().min(1).max(100).optional(),
});
export const userListResponseSchema = pageSchema(userAdminViewSchema);

export const userIdParamsSchema = z.object({ id: z.uuid() });

export const createUserRequestSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(200),
  roles: z.array(roleSchema).min(1).max(16),
  unitId: z.uuid().optional(),
  /** Only a system administrator chooses the agency; anyone else's users join their own agency. */
  agencyId: z.uuid().optional(),
});
export const createUserResponseSchema = z.object({
  user: userAdminViewSchema,
  /** `/invite#<token>`: shown once; only the token's SHA-256 is stored. Valid 72 hours, single use. */
  invitationUrl: z.string(),
});

export const updateUserRequestSchema = z.object({
  displayName: z.string().trim().min(1).max(200).optional(),
  roles: z.array(roleSchema).min(1).max(16).optional(),
  unitId: z.uuid().nullable().optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const resetUserResponseSchema = z.object({ resetUrl: z.string() });
