/**
 * The parse worker of a CyberTipline import (tips.import.parse-pool.ts): parses each file it is sent
 * with `parseReportFile` and answers with the tip to file, in the order asked. No database, no
 * secrets: bytes in, a plain object out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ParseSettings, parseReportFile } from './tips.import.parse.ts';

const settings = workerData as ParseSettings;
const port = parentPort!;

port.on('message', ({ seq, bytes, file }: { seq: number; bytes: Uint8Array; file: string }) => {
  try {
    port.postMessage({ seq, parsed: parseReportFile(bytes, file, settings) });
  } catch (e) {
    // The error's kind only: its message could quote the report.
    port.postMessage({ seq, error: e instanceof Error ? e.name : 'error' });
  }
});
port.postMessage({ ready: true });
