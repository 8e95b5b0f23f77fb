import { Command } from 'commander';
import { createSecretBox, loadKeyring } from '../platform/crypto/index.ts';
import { configFromOptions, openMigratedDatabase, withDatabaseOptions } from './runtime.ts';

export function demoCommand(): Command {
  return withDatabaseOptions(new Command('demo'))
    .description('load the synthetic demo data (idempotent) and write data/demo-credentials.json')
    .action(async (opts) => {
      const config = configFromOptions(opts);
      // The same keys `karpear serve` uses for this data folder, so the sealed TOTP secrets open there.
      const secrets = createSecretBox(loadKeyring(config).kek);
      const { database } = await openMigratedDatabase(config);
      try {
        const { seedDemo } = await import('../demo/seed.ts');
        const result = await seedDemo(database, config.dataDir, secrets);
        console.log(
          `Demo data ready: ${result.agencies} agencies, ${result.usersCreated} new user(s); log-ins in ${result.credentialsFile}`,
        );
      } finally {
        await database.close();
      }
    });
}
