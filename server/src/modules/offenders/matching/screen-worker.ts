/**
 * A worker thread of `screenBatchParallel` / `screenTextsParallel` (parallel.ts): rebuilds the
 * `Screener` from the shared snapshot, then screens each chunk it is sent — records, or texts read
 * with the `parser` module — and answers with the matches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { screenTexts, type TextChunk, type TextParser, type WorkerInput } from './parallel.ts';
import type { PreparedPerson } from './person.ts';
import { Screener, type ScreenerSnapshot } from './screen.ts';
import type { TravellerRecord } from './types.ts';

const input = workerData as WorkerInput;
const port = parentPort!;
const { buffer, byteOffset } = input.serialised;
/** Part `k` of the serialised snapshot, parsed (see `WorkerInput.bounds`). */
const part = (k: number): unknown =>
  JSON.parse(
    Buffer.from(buffer, byteOffset + input.bounds[k]!, input.bounds[k + 1]! - input.bounds[k]!).toString(
      'utf8',
    ),
  );
const head = part(0) as Pick<ScreenerSnapshot, 'options'> & { passports: Array<[string, number[]]> };
const entries: PreparedPerson[] = [];
for (let k = 1; k + 1 < input.bounds.length; k++)
  for (const e of part(k) as PreparedPerson[]) entries.push(e);
const screener = Screener.fromSnapshot({
  entries,
  options: head.options,
  passports: new Map(head.passports),
  keys: input.keys,
  offsets: input.offsets,
  ids: input.ids,
  order: input.order,
});

type Message = { seq: number } & ({ records: TravellerRecord[] } | TextChunk);

async function start(): Promise<void> {
  const parseText = input.parser
    ? ((await import(input.parser)) as { parseText: TextParser }).parseText
    : undefined;
  port.on('message', (message: Message) => {
    const { seq } = message;
    try {
      if ('texts' in message) {
        if (!parseText) throw new Error('no parser given for text chunks');
        port.postMessage({ seq, result: screenTexts(screener, parseText, message) });
        return;
      }
      const matches = [];
      for (const record of message.records) for (const m of screener.check(record)) matches.push(m);
      port.postMessage({ seq, matches });
    } catch (e) {
      port.postMessage({ seq, error: e instanceof Error ? e.message : String(e) });
    }
  });
  port.postMessage({ ready: true });
}
start().catch((e) => {
  // Not ready: the pool sees the worker exit with this on stderr.
  process.stderr.write(`screening worker could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
