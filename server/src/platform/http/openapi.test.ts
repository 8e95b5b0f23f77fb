import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenApiDocument, OPENAPI_FILE } from './openapi.ts';

describe('openapi/openapi.json', () => {
  it('matches the routes and schemas in the code (run `npm run openapi` when this fails)', async () => {
    const generated = await generateOpenApiDocument();
    const committed = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, 'utf8') : '';
    expect(committed, 'openapi/openapi.json is stale: run `npm run openapi` and commit the result').toBe(
      generated,
    );
  });
});
