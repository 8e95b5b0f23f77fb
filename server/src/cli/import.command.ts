import cliProgress from 'cli-progress';
import { Command } from 'commander';
import type { ImportFile, ImportProgress, ImportSummary } from '../modules/tips/index.ts';
import { systemClock } from '../platform/clock.ts';
import { createFieldCipher, loadKeyring } from '../platform/crypto/index.ts';
import { AppError } from '../platform/errors.ts';
import { neutralise } from '../platform/logger.ts';
import { CliError, configFromOptions, EXIT, openMigratedDatabase, withDatabaseOptions } from './runtime.ts';

/**
 * `karpear import cybertip <file|folder>…`: CyberTipline reports (ESP-report XML, law-enforcement
 * JSON) into the tip queue of the intake agency. One line per file (imported, duplicate, or rejected
 * with the element path and reason) — or a progress bar on stderr when it is a terminal, then the
 * rejections — and a summary. Exit 0 when every file was imported or already known, 1 when some were
 * rejected, 2 on bad usage (no such file or folder).
 */
export function importCommand(): Command {
  const command = new Command('import').description('import reports from other systems');
  command.addCommand(
    withDatabaseOptions(new Command('cybertip'))
      .description('import NCMEC CyberTipline reports (XML or JSON files, or folders of them) as tips')
      .argument('<paths...>', 'report files or folders (folders: every .xml and .json file below)')
      .option('--allow-unknown', 'import reports with elements the parser does not know (listed)')
      .option('--quiet', 'print only rejections and the summary')
      .action(async (paths: string[], opts) => {
        const config = configFromOptions(opts);
        // Loaded when run, not for --help (see openMigratedDatabase).
        const { filesFromPaths, importCyberTipFiles } = await import('../modules/tips/index.ts');
        let files: ImportFile[];
        try {
          files = filesFromPaths(paths);
        } catch (err) {
          if (err instanceof AppError) throw new CliError(err.message, EXIT.usage);
          throw err;
        }
        if (files.length === 0) throw new CliError('No .xml or .json report file found', EXIT.usage);
        const keyring = loadKeyring(config);
        const { database } = await openMigratedDatabase(config);
        const started = performance.now();
        const out = reporter(files.length, Boolean(opts.quiet));
        let summary: ImportSummary;
        try {
          summary = await importCyberTipFiles(
            { database, clock: systemClock, config, fields: createFieldCipher(keyring.keks) },
            null,
            files,
            out.progress,
            { allowUnknownElements: Boolean(opts.allowUnknown) },
          );
        } finally {
          out.stop();
          await database.close();
        }
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `${summary.files} file(s): ${summary.imported} imported, ${summary.duplicates} duplicate(s), ` +
            `${summary.rejected} rejected (${seconds.toFixed(1)} s, ${Math.round(summary.files / Math.max(seconds, 0.001))} files/s)`,
        );
        if (summary.rejected > 0) process.exitCode = EXIT.failure;
      }),
  );
  return command;
}

/** A bar on a terminal (rejections printed after it), plain lines otherwise. */
function reporter(total: number, quiet: boolean) {
  const rejections: string[] = [];
  const line = (p: ImportProgress) => {
    const r = p.result;
    const head = `${r.outcome.padEnd(9)} ${neutralise(r.file)}`;
    if (r.outcome !== 'rejected') return head;
    const why = r.errors.map((e) => `${e.path ? `${e.path}: ` : ''}${e.reason}`).join('; ');
    return `${head}: ${neutralise(why)}`;
  };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'import [{bar}] {value}/{total} files | {eta_formatted} left', stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return {
      progress: (p: ImportProgress) => {
        bar.update(p.done);
        if (p.result.outcome === 'rejected') rejections.push(line(p));
      },
      stop: () => {
        bar.stop();
        for (const r of rejections) console.log(r);
      },
    };
  }
  return {
    progress: (p: ImportProgress) => {
      if (!quiet || p.result.outcome === 'rejected') console.log(line(p));
    },
    stop: () => {},
  };
}
