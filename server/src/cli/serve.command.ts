import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { systemClock } from '../platform/clock.ts';
import type { AppContext } from '../platform/context.ts';
import { createFieldCipher, createSecretBox, loadKeyring } from '../platform/crypto/index.ts';
import { createLogger } from '../platform/logger.ts';
import { KARPEAR_VERSION } from '../platform/version.ts';
import { CliError, configFromOptions, EXIT, openMigratedDatabase, withDatabaseOptions } from './runtime.ts';

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export function serveCommand(): Command {
  return withDatabaseOptions(new Command('serve'))
    .description(
      'migrate the database, load demo data on first start (demo mode) and serve the API and web app',
    )
    .option('--host <host>', 'address to listen on (HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (PORT, default 8080; 0 picks a free one)')
    .option('--production', 'production mode: refuses demo users and default secrets')
    .action(async (opts) => {
      const started = performance.now();
      const config = configFromOptions(opts, {
        host: opts.host,
        port: opts.port,
        mode: opts.production ? 'production' : undefined,
      });
      const logger = createLogger(config.logLevel);
      // Keys first: production refuses to start without configured keys, before touching the database.
      const keyring = loadKeyring(config);
      const secrets = createSecretBox(keyring.kek);
      // The whole server is loaded once the configuration and keys are known good: --help, a usage error
      // or missing production keys answer without it.
      const [
        { credentialsPath, seedDemo },
        { createJobRegistry },
        { countDemoUsers },
        { buildApp },
        { JobWorker },
      ] = await Promise.all([
        import('../demo/seed.ts'),
        import('../modules/registry.ts'),
        import('../modules/users/index.ts'),
        import('../platform/http/app.ts'),
        import('../platform/jobs/index.ts'),
      ]);
      const { database, applied } = await openMigratedDatabase(config);
      if (applied.length > 0) logger.info({ migrations: applied.length }, 'database migrated');

      if (config.mode === 'demo' && (await countDemoUsers(database.db)) === 0) {
        const seeded = await seedDemo(database, config.dataDir, secrets);
        logger.info({ agencies: seeded.agencies, users: seeded.usersCreated }, 'demo data loaded');
      }
      if (config.mode === 'production' && (await countDemoUsers(database.db)) > 0) {
        await database.close();
        throw new CliError(
          'Refusing to start in production mode: demo users exist in this database',
          EXIT.failure,
        );
      }

      const ctx: AppContext = {
        config: { ...config, webDistDir: config.webDistDir ?? DEFAULT_WEB_DIST },
        database,
        clock: systemClock,
        logger,
        version: KARPEAR_VERSION,
        keyring,
        secrets,
        fields: createFieldCipher(keyring.keks),
      };
      const { app } = await buildApp(ctx);
      try {
        await app.listen({ host: config.host, port: config.port });
      } catch (err) {
        await app.close().catch(() => {});
        await database.close().catch(() => {});
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') {
          throw new CliError(
            `Port ${config.port} on ${config.host} is in use: stop the other process or set PORT`,
          );
        }
        if (code === 'EACCES')
          throw new CliError(
            `Not allowed to listen on ${config.host}:${config.port}: choose a port above 1024`,
          );
        throw err;
      }

      // Every server process also works background jobs; SKIP LOCKED lets many share one queue.
      const worker = new JobWorker({
        db: database,
        registry: createJobRegistry(ctx),
        logger,
        clock: systemClock,
        pollMs: config.jobPollMs,
      });
      worker.start();

      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`Karpear ready on ${url} (${database.engine}, ${config.mode} mode, ${seconds} s)`);
      if (config.mode === 'demo') printDemoLogins(credentialsPath(config.dataDir));

      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        logger.info({ signal }, 'shutting down');
        await app.close().catch(() => {});
        await worker.stop().catch(() => {});
        await database.close().catch(() => {});
        process.exit(EXIT.ok);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
    });
}

/** The demo log-ins from the credentials file `file`, one line each (never the secrets). */
function printDemoLogins(file: string): void {
  console.log(`Demo log-ins (synthetic users; passwords and TOTP secrets in ${file}):`);
  try {
    const list = JSON.parse(readFileSync(file, 'utf8')) as Array<{ email: string; roles: string[] }>;
    for (const c of list) console.log(`  ${c.roles.join(', ').padEnd(24)} ${c.email}`);
  } catch {
    console.log('  (credentials file not readable)');
  }
}
