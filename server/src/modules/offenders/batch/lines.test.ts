import { describe, expect, it } from 'vitest';
import { decodeLines, type Line } from './lines.ts';

/**
 * decodeLines decodes the whole lines of a UTF-8 chunk in one call and falls back to line by line
 * when a line in the chunk is too long, not valid UTF-8 or holds a byte-order mark. Whatever the
 * chunking, every line must come out the same, with the same number and the same verdict.
 */
async function lines(bytes: Buffer, size: number, maxLineBytes = 64): Promise<Line[]> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const out: Line[] = [];
  for await (const batch of decodeLines(chunks(), { maxLineBytes })) out.push(...batch);
  return out;
}

const SIZES = [1, 2, 3, 7, 16, 64, 100_000];

describe('decodeLines', () => {
  it('gives the same lines, numbers and rejects whatever the chunk size', async () => {
    const bytes = Buffer.concat([
      Buffer.from('id,full_name\r\nA1,Sok Dara\n\nA2,សុខ ដារា\r\n'),
      Buffer.from('A3,M\xfcller\n', 'latin1'), // not UTF-8
      Buffer.from(`A4,${'x'.repeat(80)}\n`), // over 64 bytes
      Buffer.from('\uFEFFA5,after a mark\n'), // a byte-order mark inside the file
      Buffer.from('A6,ＡＢ 李\nA7,last without a break'), // full-width letters start with byte 0xEF
    ]);
    const expected: Line[] = [
      { line: 1, text: 'id,full_name' },
      { line: 2, text: 'A1,Sok Dara' },
      { line: 3, text: '' },
      { line: 4, text: 'A2,សុខ ដារា' },
      { line: 5, reject: 'not valid UTF-8 text (save the file as UTF-8, or UTF-16 with a byte-order mark)' },
      { line: 6, reject: 'line longer than 64 bytes: skipped' },
      { line: 7, text: 'A5,after a mark' },
      { line: 8, text: 'A6,ＡＢ 李' },
      { line: 9, text: 'A7,last without a break' },
    ];
    for (const size of SIZES) expect(await lines(bytes, size), `chunks of ${size}`).toEqual(expected);
  });

  it('reads a large file in big chunks with one verdict per line', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `T${i},Name ${i}${i % 3 === 0 ? '\r' : ''}`);
    const bytes = Buffer.from(`${rows.join('\n')}\n`);
    const out = await lines(bytes, 65_536);
    expect(out).toHaveLength(5000);
    expect(out[4999]).toEqual({ line: 5000, text: 'T4999,Name 4999' });
    expect(out.every((l, i) => l.line === i + 1 && 'text' in l && l.text === `T${i},Name ${i}`)).toBe(true);
  });
});
