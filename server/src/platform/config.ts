import path from 'node:path';
import { z } from 'zod';

/**
 * Karpear's configuration, parsed once at start-up from the environment (and CLI overrides).
 * This is the only file that reads `process.env`: everything else receives a typed `Config`.
 * A wrong or missing value stops start-up with a list of *every* problem, not just the first.
 */
export const configSchema = z
  .object({
    mode: z.enum(['demo', 'production', 'test']).default('demo'),
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    dataDir: z.string().min(1).default('./data'),
    databaseUrl: z
      .string()
      .optional()
      .refine((v) => v === undefined || isPostgresUrl(v), {
        message: 'must be a URL such as postgres://user:password@host:5432/karpear',
      }),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    webDistDir: z.string().optional(),
    jobPollMs: z.coerce.number().int().min(10).max(60_000).default(1000),
    bodyLimitBytes: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    /** Production: files holding the key-encryption key (32 bytes, base64) and the audit signing key. */
    kekFile: z.string().optional(),
    auditKeyFile: z.string().optional(),
    /** Session lifetimes (SECURITY.md 13). */
    sessionIdleMinutes: z.coerce.number().int().min(1).max(1440).default(30),
    sessionAbsoluteHours: z.coerce.number().int().min(1).max(72).default(12),
    /** Set when served over HTTPS: session cookies get `Secure`. */
    secureCookies: z
      .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
      .default(false),
    /** Per-IP limit on the authentication routes (SECURITY.md 9): requests per window, then 429. */
    authRateLimitMax: z.coerce.number().int().min(1).max(100_000).default(20),
    authRateLimitWindowMs: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

/** Which environment variable feeds which config field; used for parsing and for naming problems. */
const ENV_NAMES: Record<keyof Config, string> = {
  mode: 'KARPEAR_MODE',
  host: 'HOST',
  port: 'PORT',
  dataDir: 'KARPEAR_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  logLevel: 'LOG_LEVEL',
  webDistDir: 'KARPEAR_WEB_DIST',
  jobPollMs: 'KARPEAR_JOB_POLL_MS',
  bodyLimitBytes: 'KARPEAR_BODY_LIMIT_BYTES',
  kekFile: 'KARPEAR_KEK_FILE',
  auditKeyFile: 'KARPEAR_AUDIT_KEY_FILE',
  sessionIdleMinutes: 'KARPEAR_SESSION_IDLE_MINUTES',
  sessionAbsoluteHours: 'KARPEAR_SESSION_ABSOLUTE_HOURS',
  secureCookies: 'KARPEAR_SECURE_COOKIES',
  authRateLimitMax: 'KARPEAR_AUTH_RATE_LIMIT_MAX',
  authRateLimitWindowMs: 'KARPEAR_AUTH_RATE_LIMIT_WINDOW_MS',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * Parse configuration from an environment (default `process.env`) plus explicit overrides
 * (CLI flags win over the environment). Throws `ConfigError` listing every problem.
 */
export function loadConfig(
  overrides: Partial<Record<keyof Config, unknown>> = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, envName] of Object.entries(ENV_NAMES)) {
    const value = env[envName];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const envName = ENV_NAMES[key as keyof Config];
      const label = envName ? `${envName} (${key})` : key || 'config';
      return `${label}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.dataDir) };
}

/** The environment-variable name of a config field, for messages that tell the user what to change. */
export function envNameOf(key: keyof Config): string {
  return ENV_NAMES[key];
}

/** Which test database engine the db test tier asked for (read here so tests keep to the config rule). */
export function testDatabaseTarget(env: NodeJS.ProcessEnv = process.env): {
  engine: 'pglite' | 'postgres';
  url?: string;
} {
  if (env.KARPEAR_TEST_DB === 'postgres') {
    if (!env.TEST_DATABASE_URL)
      throw new ConfigError(['TEST_DATABASE_URL must be set when KARPEAR_TEST_DB=postgres']);
    return { engine: 'postgres', url: env.TEST_DATABASE_URL };
  }
  return { engine: 'pglite' };
}
