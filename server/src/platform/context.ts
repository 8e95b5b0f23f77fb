import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { FieldCipher, Keyring, SecretBox } from './crypto/index.ts';
import type { DatabaseHandle } from './db/index.ts';
import type { Logger } from './logger.ts';

/**
 * What the running application is made of, built once at start-up and handed to routes and jobs.
 * Small on purpose: services take what they need as arguments, not this whole bag.
 */
export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  clock: Clock;
  logger: Logger;
  version: string;
  keyring: Keyring;
  /** Seals small secrets at rest (TOTP seeds…) under keys derived from the key-encryption key. */
  secrets: SecretBox;
  /** Field encryption with one data key per subject (victim, reporter contact…). */
  fields: FieldCipher;
}
