import { Command, CommanderError } from 'commander';
import { auditCommand } from './cli/audit.command.ts';
import { demoCommand } from './cli/demo.command.ts';
import { importCommand } from './cli/import.command.ts';
import { keysCommand } from './cli/keys.command.ts';
import { migrateCommand } from './cli/migrate.command.ts';
import { EXIT, reportFailure } from './cli/runtime.ts';
import { screenCommand } from './cli/screen.command.ts';
import { serveCommand } from './cli/serve.command.ts';
import { userCommand } from './cli/user.command.ts';
import { KARPEAR_VERSION } from './platform/version.ts';

/**
 * `karpear` — one command, one file per subcommand in ./cli. Exit codes: 0 ok, 1 failure, 2 bad
 * usage (unknown command or flag, missing or invalid value), always with a one-line reason.
 */
const program = new Command('karpear')
  .description(
    'Karpear (ការពារ): the shared, secure workspace that protects children from foreign child sex offenders',
  )
  .version(KARPEAR_VERSION)
  .showHelpAfterError('(run with --help for usage)');

for (const cmd of [
  serveCommand(),
  migrateCommand(),
  demoCommand(),
  userCommand(),
  auditCommand(),
  keysCommand(),
  importCommand(),
  screenCommand(),
])
  program.addCommand(cmd);

// Usage errors from commander become exit code 2 on every subcommand, not commander's default 1.
function exitOverrideAll(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) exitOverrideAll(sub);
}
exitOverrideAll(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    const helpShown =
      err.code === 'commander.helpDisplayed' ||
      err.code === 'commander.version' ||
      err.code === 'commander.help';
    process.exitCode = helpShown ? EXIT.ok : EXIT.usage;
  } else {
    process.exitCode = reportFailure(err);
  }
}
