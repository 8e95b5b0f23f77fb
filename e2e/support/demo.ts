import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KarpearServer } from './server';
import { freshTotpCode } from './totp';

/** One demo account as `karpear serve` (demo mode) writes it to `<dataDir>/demo-credentials.json`. */
export interface DemoCredential {
  email: string;
  password: string;
  roles: string[];
  agency: string;
  /** Base32 secret of the account's enrolled authenticator app. */
  totpSecret?: string;
}

/** The demo accounts of a running e2e server (synthetic people; plaintext only in demo mode). */
export function readDemoCredentials(server: Pick<KarpearServer, 'dataDir'>): DemoCredential[] {
  const file = join(server.dataDir, 'demo-credentials.json');
  return JSON.parse(readFileSync(file, 'utf8')) as DemoCredential[];
}

export function demoAccount(server: Pick<KarpearServer, 'dataDir'>, email: string): DemoCredential {
  const account = readDemoCredentials(server).find((candidate) => candidate.email === email);
  if (!account) throw new Error(`${email} is not among the demo accounts of ${server.dataDir}`);
  return account;
}

/** A code for the account's authenticator, never one the server has already accepted. */
export function demoTotp(account: DemoCredential): Promise<string> {
  if (!account.totpSecret) throw new Error(`${account.email} has no totpSecret in demo-credentials.json`);
  return freshTotpCode(account.totpSecret);
}

export const DEMO = {
  agencyAdmin: 'agency.admin@demo.karpear.test',
  systemAdmin: 'system.admin@demo.karpear.test',
  investigator: 'investigator@demo.karpear.test',
} as const;
