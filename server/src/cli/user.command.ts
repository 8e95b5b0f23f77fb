import { ROLES } from '@karpear/contracts';
import { Command, Option } from 'commander';
import { CliError, configFromOptions, EXIT, openMigratedDatabase, withDatabaseOptions } from './runtime.ts';

export function userCommand(): Command {
  const user = new Command('user').description('manage users');
  user.addCommand(
    withDatabaseOptions(new Command('add'))
      .description('create a user in an agency; prints a one-time initial password')
      .requiredOption('--email <email>', 'e-mail address (log-in name)')
      .requiredOption('--name <name>', 'full name as colleagues know it')
      .addOption(
        new Option('--role <role...>', 'one or more roles').choices([...ROLES]).makeOptionMandatory(),
      )
      .requiredOption('--agency <code>', 'agency code, e.g. KH-NP-AHTJP')
      .option('--unit <code>', 'unit code inside the agency')
      .action(async (opts) => {
        // Loaded when run, not for --help (see openMigratedDatabase).
        const { addUser, addUserInputSchema } = await import('../modules/users/index.ts');
        const input = addUserInputSchema.safeParse({
          email: opts.email,
          name: opts.name,
          roles: opts.role,
          agency: opts.agency,
          unit: opts.unit,
        });
        if (!input.success) {
          const first = input.error.issues[0]!;
          throw new CliError(`--${String(first.path[0] ?? 'input')}: ${first.message}`, EXIT.usage);
        }
        const config = configFromOptions(opts);
        const { database } = await openMigratedDatabase(config);
        try {
          const { user: created, initialPassword } = await addUser(database, input.data);
          console.log(`Created ${created.email} (${created.roles.join(', ')}).`);
          console.log(`Initial password (shown once, ask them to change it): ${initialPassword}`);
        } finally {
          await database.close();
        }
      }),
  );
  return user;
}
