import { Command } from 'commander';
import { configFromOptions, openMigratedDatabase, withDatabaseOptions } from './runtime.ts';

export function migrateCommand(): Command {
  return withDatabaseOptions(new Command('migrate'))
    .description('apply pending database migrations (all in one transaction: all or nothing)')
    .action(async (opts) => {
      const config = configFromOptions(opts);
      const { database, applied } = await openMigratedDatabase(config);
      await database.close();
      console.log(
        applied.length === 0
          ? 'Database is up to date.'
          : `Applied ${applied.length} migration(s): ${applied.join(', ')}`,
      );
    });
}
