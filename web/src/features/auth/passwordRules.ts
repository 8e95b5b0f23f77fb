import type { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@karpear/contracts';

/**
 * SECURITY.md 11: 12 to 128 characters, no composition rules; the server also refuses common and
 * breached passwords. Copied from contracts (importing the value would bundle zod); the type keeps
 * them equal at compile time.
 */
export const PASSWORD_MIN: typeof PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX: typeof PASSWORD_MAX_LENGTH = 128;
