// `npm run openapi`: regenerate openapi/openapi.json from the routes' zod schemas.
import fs from 'node:fs';
import { generateOpenApiDocument, OPENAPI_FILE } from '../server/src/platform/http/openapi.ts';

const text = await generateOpenApiDocument();
fs.writeFileSync(OPENAPI_FILE, text);
console.log(`Wrote ${OPENAPI_FILE} (${Object.keys(JSON.parse(text).paths ?? {}).length} paths)`);
