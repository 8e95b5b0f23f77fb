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
    /**
     * Connections of the PostgreSQL pool (20 by default). Measured at 50 border desks and 200 checks/s:
     * with 10, all 10 were held by checks queued on the audit lock and the desks' session lookups
     * waited behind them (bench/border-check.ts --profile).
     */
    pgPoolSize: z.coerce.number().int().min(1).max(500).default(20),
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
    /** Production: the blind-index key (32 bytes, base64), never rotated with the KEK (OPERATIONS.md). */
    blindIndexKeyFile: z.string().optional(),
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
    /** The server signs an audit checkpoint every N new events, or after T seconds with any new event. */
    auditCheckpointEvents: z.coerce.number().int().min(1).max(10_000_000).default(1000),
    auditCheckpointSeconds: z.coerce.number().int().min(1).max(86_400).default(60),
    /** Entity linking (issue 5): an identifier on more than this share of tips is stop-listed… */
    stoplistShare: z.coerce.number().gt(0).max(1).default(0.005),
    /** …once there are at least this many tips (two tips sharing a phone is evidence, not noise). */
    stoplistMinRecords: z.coerce.number().int().min(1).max(10_000_000).default(50),
    /** Tip SLA per priority, in minutes (env: minutes or a duration such as `2h`, `14d`). Issue 5. */
    tipSlaP1: slaMinutes(2 * 60),
    tipSlaP2: slaMinutes(24 * 60),
    tipSlaP3: slaMinutes(72 * 60),
    tipSlaP4: slaMinutes(14 * 24 * 60),
    /** Where the public portal and imports file tips: an agency code and one of its unit codes. */
    intakeAgencyCode: z.string().trim().min(1).default('KH-NP-AHTJP'),
    intakeUnitCode: z.string().trim().min(1).default('HOTLINE'),
    /** CyberTipline import (issue 5): the largest report file accepted (CLI and upload), in bytes… */
    tipImportMaxFileBytes: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .default(50 * 1024 * 1024),
    /** …and the most files one upload may carry. */
    tipImportMaxFiles: z.coerce.number().int().min(1).max(10_000).default(1000),
    /** …and the reports written per transaction (one batched intake each; all or nothing per batch). */
    tipImportBatchSize: z.coerce.number().int().min(1).max(5000).default(200),
    /** Batch and guest screening (issue 6): score at or above which a pair is a hit… */
    screenHitThreshold: z.coerce.number().gt(0).max(1).default(0.9),
    /** …and at or above which it is listed for review (must not exceed the hit threshold). */
    screenReviewThreshold: z.coerce.number().gt(0).max(1).default(0.8),
    /** The largest arrivals file or guest register accepted by upload, in bytes. */
    screenUploadMaxBytes: z.coerce
      .number()
      .int()
      .min(1024)
      .max(2 * 1024 * 1024 * 1024)
      .default(200 * 1024 * 1024),
    /** Public tip portal (issue 5): per-IP submissions and receipt-code look-ups per window, then 429. */
    portalRateLimitMax: z.coerce.number().int().min(1).max(100_000).default(20),
    portalRateLimitWindowMs: z.coerce.number().int().min(1000).max(86_400_000).default(600_000),
    /** Alert e-mail copies (issue 5): `smtp://` or `smtps://` URL (may carry credentials); absent → in-app only. */
    smtpUrl: z
      .string()
      .optional()
      .refine((v) => v === undefined || isUrlOf(v, ['smtp:', 'smtps:']), {
        message: 'must be a URL such as smtps://user:password@mail.example.org:465',
      }),
    smtpFrom: z.string().trim().min(3).max(200).default('Karpear <alerts@karpear.invalid>'),
    /** The address users open Karpear at, for links in e-mails; default http://HOST:PORT. */
    publicUrl: z
      .string()
      .optional()
      .refine((v) => v === undefined || isUrlOf(v, ['http:', 'https:']), {
        message: 'must be a URL such as https://karpear.example.org',
      }),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

const DURATION_UNITS: Record<string, number> = { m: 1, h: 60, d: 24 * 60 };

/** Minutes from a number or `<n>m|h|d`; between one minute and 90 days. */
function slaMinutes(fallback: number) {
  return z
    .union([z.number(), z.string().trim()])
    .transform((v, ctx) => {
      const match = /^(\d+)\s*([mhd]?)$/i.exec(String(v));
      const unit = DURATION_UNITS[(match?.[2] || 'm').toLowerCase()] ?? 1;
      const minutes = match ? Number(match[1]) * unit : Number.NaN;
      if (!Number.isSafeInteger(minutes) || minutes < 1 || minutes > 90 * 24 * 60) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be minutes or a duration such as 90m, 2h, 14d (1 minute to 90 days)',
        });
        return z.NEVER;
      }
      return minutes;
    })
    .default(fallback);
}

/** Which environment variable feeds which config field; used for parsing and for naming problems. */
const ENV_NAMES: Record<keyof Config, string> = {
  mode: 'KARPEAR_MODE',
  host: 'HOST',
  port: 'PORT',
  dataDir: 'KARPEAR_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  pgPoolSize: 'KARPEAR_PG_POOL_SIZE',
  logLevel: 'LOG_LEVEL',
  webDistDir: 'KARPEAR_WEB_DIST',
  jobPollMs: 'KARPEAR_JOB_POLL_MS',
  bodyLimitBytes: 'KARPEAR_BODY_LIMIT_BYTES',
  kekFile: 'KARPEAR_KEK_FILE',
  auditKeyFile: 'KARPEAR_AUDIT_KEY_FILE',
  blindIndexKeyFile: 'KARPEAR_BLIND_INDEX_KEY_FILE',
  sessionIdleMinutes: 'KARPEAR_SESSION_IDLE_MINUTES',
  sessionAbsoluteHours: 'KARPEAR_SESSION_ABSOLUTE_HOURS',
  secureCookies: 'KARPEAR_SECURE_COOKIES',
  authRateLimitMax: 'KARPEAR_AUTH_RATE_LIMIT_MAX',
  authRateLimitWindowMs: 'KARPEAR_AUTH_RATE_LIMIT_WINDOW_MS',
  auditCheckpointEvents: 'KARPEAR_AUDIT_CHECKPOINT_EVENTS',
  auditCheckpointSeconds: 'KARPEAR_AUDIT_CHECKPOINT_SECONDS',
  stoplistShare: 'KARPEAR_STOPLIST_SHARE',
  stoplistMinRecords: 'KARPEAR_STOPLIST_MIN_RECORDS',
  tipSlaP1: 'KARPEAR_TIP_SLA_P1',
  tipSlaP2: 'KARPEAR_TIP_SLA_P2',
  tipSlaP3: 'KARPEAR_TIP_SLA_P3',
  tipSlaP4: 'KARPEAR_TIP_SLA_P4',
  intakeAgencyCode: 'KARPEAR_INTAKE_AGENCY_CODE',
  intakeUnitCode: 'KARPEAR_INTAKE_UNIT_CODE',
  tipImportMaxFileBytes: 'KARPEAR_TIP_IMPORT_MAX_FILE_BYTES',
  tipImportMaxFiles: 'KARPEAR_TIP_IMPORT_MAX_FILES',
  tipImportBatchSize: 'KARPEAR_TIP_IMPORT_BATCH_SIZE',
  screenHitThreshold: 'KARPEAR_SCREEN_HIT_THRESHOLD',
  screenReviewThreshold: 'KARPEAR_SCREEN_REVIEW_THRESHOLD',
  screenUploadMaxBytes: 'KARPEAR_SCREEN_UPLOAD_MAX_BYTES',
  portalRateLimitMax: 'KARPEAR_PORTAL_RATE_LIMIT_MAX',
  portalRateLimitWindowMs: 'KARPEAR_PORTAL_RATE_LIMIT_WINDOW_MS',
  smtpUrl: 'KARPEAR_SMTP_URL',
  smtpFrom: 'KARPEAR_SMTP_FROM',
  publicUrl: 'KARPEAR_PUBLIC_URL',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function isUrlOf(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname.length > 0;
  } catch {
    return false;
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
