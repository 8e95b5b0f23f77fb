import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate --config server/drizzle.config.ts --name <what_changed>` writes a new
// forward-only migration; Karpear applies migrations itself (server/src/platform/db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/platform/db/schema.ts',
  out: './server/db/migrations',
  migrations: { prefix: 'timestamp' },
  casing: 'snake_case',
});
