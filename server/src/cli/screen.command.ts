import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import type { BatchSummary } from '../modules/offenders/batch/index.ts';
import { systemClock } from '../platform/clock.ts';
import { ConfigError } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import { CliError, configFromOptions, EXIT, openMigratedDatabase, withDatabaseOptions } from './runtime.ts';

/**
 * `karpear screen --input arrivals.csv [--watchlist list.csv] --out hits.csv [--rejects r.csv]`.
 * With `--watchlist` the file is screened against that list and no database is opened at all;
 * without it, against the active register and watches, and every hit is stored and alerted to the
 * owning unit. A progress bar on stderr when it is a terminal. Exit 0 when every line was screened,
 * 1 when some lines were rejected (listed in the rejects file) or the file could not be read, 2 on
 * bad usage.
 */
export function screenCommand(): Command {
  return withDatabaseOptions(new Command('screen'))
    .description('screen an arrivals CSV against a watchlist CSV or the offender register')
    .requiredOption(
      '--input <file>',
      'arrivals CSV (id,full_name,given_name,family_name,dob,gender,nationality,passport_country,passport_number)',
    )
    .option('--watchlist <file>', 'watchlist CSV instead of the register (no database is opened)')
    .requiredOption('--out <file>', 'hits CSV to write (input_id,watchlist_id,score,decision,reasons)')
    .option('--rejects <file>', 'rejected lines CSV (default: <out>.rejects.csv next to --out)')
    .option(
      '--hit-threshold <score>',
      'score at or above which a pair is a hit (KARPEAR_SCREEN_HIT_THRESHOLD)',
    )
    .option(
      '--review-threshold <score>',
      'score at or above which a pair is listed for review (KARPEAR_SCREEN_REVIEW_THRESHOLD)',
    )
    .option('--workers <n>', 'worker threads for --watchlist screening (default: 2, or 1 on a single core)')
    .option('--quiet', 'print only the summary')
    .action(async (opts) => {
      const workers = workerCount(opts.workers);
      // Loaded when run, not for --help (see openMigratedDatabase).
      const {
        fileMatcher,
        readWatchlistCsv,
        screenAgainstRegister,
        screenArrivalsParallel,
        screeningThresholds,
        startOutputs,
        streamSink,
      } = await import('../modules/offenders/batch/index.ts');
      const config = configFromOptions(opts, {
        screenHitThreshold: opts.hitThreshold,
        screenReviewThreshold: opts.reviewThreshold,
      });
      let thresholds: ReturnType<typeof screeningThresholds>;
      try {
        thresholds = screeningThresholds(config);
      } catch (err) {
        if (err instanceof ConfigError) throw new CliError(err.problems.join('; '), EXIT.usage);
        throw err;
      }
      const input = readableFile(opts.input, '--input');
      const watchlist = opts.watchlist ? readableFile(opts.watchlist, '--watchlist') : null;
      const outPath = path.resolve(opts.out);
      const rejectsPath = path.resolve(opts.rejects ?? outPath.replace(/(\.csv)?$/i, '.rejects.csv'));
      if (outPath === input || rejectsPath === input || outPath === rejectsPath)
        throw new CliError('--out and --rejects must be other files than --input and each other', EXIT.usage);

      const hits = streamSink(createWriteStream(outPath));
      const rejects = streamSink(createWriteStream(rejectsPath));
      const read = { bytes: 0 };
      const bar = progress(statSync(input).size, read, Boolean(opts.quiet));
      const started = performance.now();
      let summary: BatchSummary;
      let listSize: number;
      let watchlistRejects = 0;
      try {
        await startOutputs({ hits, rejects });
        const batchOptions = { fileLabel: path.basename(input), onProgress: bar.update, progressEvery: 500 };
        if (watchlist) {
          const list = await readWatchlistCsv(createReadStream(watchlist), rejects, {
            fileLabel: path.basename(watchlist),
          });
          watchlistRejects = list.rejectedLines;
          listSize = list.entries.length;
          bar.note(
            `watchlist: ${listSize} entries${watchlistRejects ? `, ${watchlistRejects} line(s) rejected` : ''}`,
          );
          const { screener } = fileMatcher(list.entries, thresholds);
          summary = await screenArrivalsParallel(
            counted(input, read),
            screener,
            { hits, rejects },
            { ...batchOptions, workers },
          );
        } else {
          const { database } = await openMigratedDatabase(config);
          try {
            const result = await screenAgainstRegister(
              { database, clock: systemClock, config },
              { userId: null, agencyId: null },
              randomUUID(),
              counted(input, read),
              { hits, rejects },
              batchOptions,
            );
            summary = result;
            listSize = result.listSize;
          } finally {
            await database.close();
          }
        }
      } catch (err) {
        if (err instanceof AppError && err.code === 'validation_failed')
          throw new CliError(err.message, EXIT.failure);
        throw err;
      } finally {
        bar.stop();
        await hits.close();
        await rejects.close();
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${summary.rows} line(s): ${summary.screened} screened against ${listSize} list entries, ` +
          `${summary.rejectedLines} rejected; ${summary.hitRows} with a hit, ${summary.reviewRows} for review ` +
          `(${summary.pairs} pair(s) in ${path.basename(outPath)}); ${seconds.toFixed(1)} s, ` +
          `${Math.round(summary.rows / Math.max(seconds, 0.001))} lines/s`,
      );
      if (summary.rejectedLines + watchlistRejects > 0) {
        console.log(`rejected lines are listed in ${rejectsPath}`);
        process.exitCode = EXIT.failure;
      }
    });
}

/**
 * `--workers`: a whole number from 1 to 64. The default stays at 2 even on bigger machines: the
 * command usually runs beside the server, and 2 workers already double the single-thread rate.
 */
function workerCount(value: string | undefined): number {
  if (value === undefined) return Math.min(2, os.availableParallelism());
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new CliError(`--workers must be a whole number from 1 to 64, got "${value}"`, EXIT.usage);
  return n;
}

function readableFile(file: string, flag: string): string {
  const resolved = path.resolve(file);
  if (!existsSync(resolved) || !statSync(resolved).isFile())
    throw new CliError(`${flag}: no such file: ${file}`, EXIT.usage);
  return resolved;
}

/** The file's bytes, counting what has been read (for the progress bar). */
async function* counted(file: string, read: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    read.bytes += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
}

/** A bar over the input's bytes on a terminal; nothing otherwise (the summary line is printed). */
function progress(totalBytes: number, read: { bytes: number }, quiet: boolean) {
  if (!process.stderr.isTTY || quiet) {
    return {
      update: (_: BatchSummary) => {},
      note: (text: string) => quiet || console.log(text),
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: 'screen [{bar}] {percentage}% | {rows} lines | {hits} hit(s) | {eta_formatted} left',
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { rows: 0, hits: 0 });
  return {
    update: (s: BatchSummary) => {
      const pct = Math.min(99, Math.floor((read.bytes / Math.max(totalBytes, 1)) * 100));
      bar.update(pct, { rows: s.rows, hits: s.hitRows + s.reviewRows });
    },
    note: (text: string) => process.stderr.write(`${text}\n`),
    stop: () => {
      bar.update(100);
      bar.stop();
    },
  };
}
