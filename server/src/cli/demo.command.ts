import { Command } from 'commander';
import { seedDemo } from '../demo/seed.ts';
import { configFromOptions, openMigratedDatabase, withDatabaseOptions } from './runtime.ts';

export function demoCommand(): Command {
  return withDatabaseOptions(new Command('demo'))
    .description('load the synthetic demo data (idempotent) and write data/demo-credentials.json')
    .action(async (opts) => {
      const config = configFromOptions(opts);
      const { database } = await openMigratedDatabase(config);
      try {
        const result = await seedDemo(database, config.dataDir);
        console.log(
          `Demo data ready: ${result.agencies} agencies, ${result.usersCreated} new user(s); log-ins in ${result.credentialsFile}`,
        );
      } finally {
        await database.close();
      }
    });
}
