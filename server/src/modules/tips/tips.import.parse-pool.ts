import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ParsedFile, type ParseSettings, parseReportFile } from './tips.import.parse.ts';

/**
 * Parsing for a CyberTipline import, on the import's thread or on a worker thread. On PGlite the
 * database runs in the import's own thread, so parsing there (≈ 0.6 ms of CPU per report) is time the
 * database cannot write: with a worker the second core parses the next batch while this one writes
 * (PERFORMANCE.md §2). Answers come back in the order asked; `close` ends the worker.
 */
export interface ReportParser {
  parse(bytes: Uint8Array, file: string): Promise<ParsedFile>;
  close(): Promise<void>;
}

export function inThreadParser(settings: ParseSettings): ReportParser {
  return {
    parse: async (bytes, file) => parseReportFile(bytes, file, settings),
    close: async () => {},
  };
}

type Reply = { ready: true } | { seq: number; parsed: ParsedFile } | { seq: number; error: string };

/** A parser on one worker thread; resolves once the worker has loaded. */
export async function workerParser(settings: ParseSettings): Promise<ReportParser> {
  const worker = new Worker(bootstrap(), { eval: true, workerData: settings });
  const waiting = new Map<number, { resolve: (p: ParsedFile) => void; reject: (e: Error) => void }>();
  let failure: Error | undefined;
  let seq = 0;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) return resolve();
      const waiter = waiting.get(reply.seq);
      waiting.delete(reply.seq);
      if ('error' in reply) waiter?.reject(new Error(`the parse worker failed (${reply.error})`));
      else waiter?.resolve(reply.parsed);
    });
    const fail = (e: Error) => {
      failure = e;
      reject(e);
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the parse worker stopped (exit code ${code})`)));
  });
  try {
    await ready;
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  return {
    parse(bytes, file) {
      if (failure) return Promise.reject(failure);
      const n = seq++;
      const answer = new Promise<ParsedFile>((resolve, reject) => waiting.set(n, { resolve, reject }));
      worker.postMessage({ seq: n, bytes, file });
      return answer;
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

/**
 * The code the worker starts with: when the sources run as TypeScript (tsx, vitest), a worker does
 * not inherit the loader, so it registers tsx before loading the worker file (as offenders/matching).
 */
function bootstrap(): string {
  const here = import.meta.url;
  const workerUrl = new URL(`./tips.import.parse-worker${extname(fileURLToPath(here))}`, here).href;
  if (!here.endsWith('.ts')) return `import(${JSON.stringify(workerUrl)});`;
  const tsx =
    typeof import.meta.resolve === 'function'
      ? import.meta.resolve('tsx/esm/api')
      : pathToFileURL(
          createRequire(here)
            .resolve('tsx/esm/api')
            .replace(/\.cjs$/, '.mjs'),
        ).href;
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); });`;
}
