import { z } from 'zod';
import { agencyTypeSchema } from './agencies.ts';
import { roleSchema, userStatusSchema } from './roles.ts';

/**
 * The authentication API (`/api/v1/auth/*`, `/api/v1/me`): request and response shapes shared by the
 * server (route schemas) and the web app. Requests are `z.object` (unknown keys stripped, never stored).
 */

/** Passwords: 12–128 characters (SECURITY.md 11); the common-password check runs on the server. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * The body of an action that takes no input (log-out, unlock…): nothing, `null` or `{}`; any key is
 * refused with 400, so a smuggled field can never ride along.
 */
export const noBodySchema = z.strictObject({}).nullish();

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'is not an e-mail address' }));

/** A half-finished log-in's opaque token (base64url of 32 random bytes). */
export const challengeTokenSchema = z
  .string()
  .min(20)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'is not a challenge');

export const totpCodeSchema = z.string().regex(/^\d{6}$/, 'must be 6 digits');
export const recoveryCodeSchema = z.string().trim().min(8).max(40);

export const loginRequestSchema = z.object({
  email: emailSchema,
  // Length is not checked here: a too-long or too-short password is just a wrong one (same answer).
  password: z.string().min(1).max(1024),
});

export const nextStepSchema = z.enum(['totp', 'webauthn', 'enrol']);
export type NextStep = z.infer<typeof nextStepSchema>;

/** Always this shape, whether the e-mail exists or the password was right: no enumeration. */
export const loginResponseSchema = z.object({ next: nextStepSchema, challenge: z.string() });

export const challengeRequestSchema = z.object({ challenge: challengeTokenSchema });
export const totpRequestSchema = z.object({ challenge: challengeTokenSchema, code: totpCodeSchema });
export const recoveryRequestSchema = z.object({ challenge: challengeTokenSchema, code: recoveryCodeSchema });

/** A WebAuthn ceremony's JSON as produced by the browser (`@simplewebauthn/browser`); checked by the server. */
export const webauthnResponseSchema = z
  .object({
    id: z.string().max(1024),
    rawId: z.string().max(1024),
    type: z.literal('public-key'),
    response: z.record(z.string(), z.unknown()),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    authenticatorAttachment: z.string().max(40).optional(),
  })
  .loose();

export const webauthnRequestSchema = z.object({
  challenge: challengeTokenSchema,
  response: webauthnResponseSchema,
});

/** WebAuthn options as `@simplewebauthn/server` produces them (passed to the browser unchanged). */
export const webauthnOptionsSchema = z.record(z.string(), z.unknown());

export const signedInUserSchema = z.object({ id: z.uuid(), email: z.string(), displayName: z.string() });
export const signedInResponseSchema = z.object({ user: signedInUserSchema });

export const totpEnrolmentSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  /** An SVG document (the QR code of `otpauthUrl`). */
  qrSvg: z.string(),
});
export const recoveryCodesResponseSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const invitationRequestSchema = z.object({
  token: z
    .string()
    .min(20)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'is not a token'),
  password: z.string().max(1024),
});
export const invitationResponseSchema = z.object({ next: z.literal('login') });

export const stepUpTotpRequestSchema = z.object({ code: totpCodeSchema });
export const stepUpWebauthnRequestSchema = z.object({ response: webauthnResponseSchema });

export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().max(1024),
});

export const meSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  status: userStatusSchema,
  agency: z.object({
    id: z.uuid(),
    code: z.string(),
    type: agencyTypeSchema,
    nameEn: z.string(),
    nameKm: z.string(),
  }),
  unit: z.object({ id: z.uuid(), code: z.string(), nameEn: z.string(), nameKm: z.string() }).nullable(),
  bannerAcknowledged: z.boolean(),
  /** Enrolled second factors: TOTP or not, and how many WebAuthn authenticators. */
  factors: z.object({ totp: z.boolean(), webauthn: z.number().int() }),
  /** The policy actions this user may perform at all (the UI hides what is not offered; the server decides). */
  abilities: z.array(z.string()),
});
export type Me = z.infer<typeof meSchema>;
