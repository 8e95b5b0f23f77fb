import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.ts';
import { createFieldCipher, createSecretBox, ephemeralKeyring } from '../crypto/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { createLogger } from '../logger.ts';
import { buildApp } from './app.ts';

/** Where the committed OpenAPI document lives; reviewers read its diff like code. */
export const OPENAPI_FILE = fileURLToPath(new URL('../../../../openapi/openapi.json', import.meta.url));

/** A database that refuses every use: building the app and its document must not touch one. */
const noDatabase = new Proxy({} as DatabaseHandle, {
  get(_target, prop) {
    if (prop === 'engine') return 'pglite';
    if (prop === 'then') return undefined;
    throw new Error(`generating OpenAPI must not use the database (touched ${String(prop)})`);
  },
});

/** The OpenAPI document as the server would serve it at /api/docs/json, as stable JSON text. */
export async function generateOpenApiDocument(): Promise<string> {
  const config = loadConfig({ mode: 'test', logLevel: 'silent' }, {});
  const keyring = ephemeralKeyring();
  const { app } = await buildApp({
    config,
    database: noDatabase,
    clock: { now: () => new Date(0) },
    logger: createLogger('silent'),
    version: 'current',
    keyring,
    secrets: createSecretBox(keyring.kek),
    fields: createFieldCipher(keyring.keks),
  });
  await app.ready();
  const document = app.swagger();
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}
