import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.ts';
import { type CsvItem, type CsvText, readCsv, readCsvBatches, rowItem, splitRecord } from './csv.ts';
import { csvRow, csvValue, MemorySink } from './csv-out.ts';
import { screenArrivals, startOutputs } from './screen-file.ts';
import { ARRIVALS_SPEC } from './subject.ts';

/** Bytes in chunks of `size`, so that every boundary case (BOM, code unit, line) is crossed. */
async function* chunks(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(bytes: Uint8Array | string, size = 7, maxLineBytes?: number) {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const items: CsvItem[] = [];
  let encoding = '';
  for await (const item of readCsv(chunks(buf, size), ARRIVALS_SPEC, {
    maxLineBytes,
    onEncoding: (e) => {
      encoding = e;
    },
  }))
    items.push(item);
  return { items, encoding };
}

const HEADER = 'id,full_name,dob,nationality\n';

function utf16(text: string, endian: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  if (endian === 'le') return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be;
}

describe('readCsv: encodings', () => {
  it('reads UTF-8 without a BOM, with a BOM, and UTF-16 LE/BE with a BOM alike', async () => {
    const text = `${HEADER}A1,សុខ ដារ៉ា,1980-01-02,KH\r\nA2,Zoë Müller,1990,DE\n`;
    for (const [bytes, enc] of [
      [Buffer.from(text), 'utf-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
      [utf16(text, 'le'), 'utf-16le'],
      [utf16(text, 'be'), 'utf-16be'],
    ] as const) {
      for (const size of [1, 3, 64]) {
        const { items, encoding } = await read(bytes, size);
        expect(encoding).toBe(enc);
        expect(items).toEqual([
          {
            kind: 'row',
            line: 2,
            values: { id: 'A1', full_name: 'សុខ ដារ៉ា', dob: '1980-01-02', nationality: 'KH' },
          },
          {
            kind: 'row',
            line: 3,
            values: { id: 'A2', full_name: 'Zoë Müller', dob: '1990', nationality: 'DE' },
          },
        ]);
      }
    }
  });

  it('rejects a line that is not valid UTF-8 with its number and goes on with the next', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}A1,Good One,,\n`),
      Buffer.from('A2,M\xfcller Latin1,,\n', 'latin1'),
      Buffer.from('A3,Good Two,,\n'),
    ]);
    const { items } = await read(bytes);
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ['row', 2],
      ['reject', 3],
      ['row', 4],
    ]);
    expect(items[1]).toMatchObject({ reason: expect.stringContaining('not valid UTF-8') });
  });

  it('stops with line 1 when the header is not readable, and names UTF-16 without a BOM', async () => {
    await expect(read(Buffer.from('id,f\xfcll_name\n', 'latin1'))).rejects.toThrow(
      /line 1: .*not valid UTF-8/,
    );
    const noBom = Buffer.from(`${HEADER}A1,X,,\n`, 'utf16le');
    await expect(read(noBom)).rejects.toThrow(/UTF-16 without a byte-order mark/);
  });
});

describe('readCsv: structure', () => {
  it('keeps a quoted newline in its field and numbers the record by its first line', async () => {
    const { items } = await read(`${HEADER}"A1","Name ""Quoted""\r\nSecond line",,\nA2,After,,\n`);
    expect(items).toEqual([
      {
        kind: 'row',
        line: 2,
        values: { id: 'A1', full_name: 'Name "Quoted"\nSecond line', dob: '', nationality: '' },
      },
      { kind: 'row', line: 4, values: { id: 'A2', full_name: 'After', dob: '', nationality: '' } },
    ]);
  });

  it('gives up on a quote never closed at that line and still reads the lines after it', async () => {
    const body = Array.from({ length: 60 }, (_, i) => `B${i},Name ${i},,\n`).join('');
    const { items } = await read(`${HEADER}A1,"Open quote,,\n${body}`);
    expect(items[0]).toMatchObject({
      kind: 'reject',
      line: 2,
      reason: expect.stringContaining('not closed'),
    });
    expect(items.filter((i) => i.kind === 'row')).toHaveLength(60);
    expect(items.at(-1)).toMatchObject({ kind: 'row', line: 62 });
  });

  it('skips a 50 MB line without holding it, rejecting it by number', async () => {
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const bytes = Buffer.concat([Buffer.from(`${HEADER}A1,`), huge, Buffer.from(',,\nA2,Fine,,\n')]);
    const before = process.memoryUsage().arrayBuffers;
    const { items } = await read(bytes, 1024 * 1024, 64 * 1024);
    expect(items).toEqual([
      { kind: 'reject', line: 2, column: null, reason: 'line longer than 64 KiB: skipped' },
      { kind: 'row', line: 3, values: { id: 'A2', full_name: 'Fine', dob: '', nationality: '' } },
    ]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(120 * 1024 * 1024);
  });

  it('rejects a row with the wrong number of fields or a stray quote', async () => {
    const { items } = await read(`${HEADER}A1,Too,Many,Fields,Here\nA2,Stray"Quote",,\n`);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'reject',
        line: 2,
        reason: expect.stringContaining('5 field(s) where the header has 4'),
      }),
      expect.objectContaining({
        kind: 'reject',
        line: 3,
        reason: expect.stringContaining('quote inside an unquoted field'),
      }),
    ]);
  });

  it('names an unknown, repeated or missing column of the header', async () => {
    await expect(read('id,full_name,birthday\n')).rejects.toThrow(/line 1: unknown column 'birthday'/);
    await expect(read('id,full_name,Full Name\n')).rejects.toThrow(/column 'full_name' appears twice/);
    await expect(read('id,dob\nA1,1980\n')).rejects.toThrow(
      /no name column: it needs full_name or given_name or family_name/,
    );
    await expect(read('')).rejects.toThrow(/empty/);
    const err = await read('\n\nid,nom\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/^line 3: unknown column 'nom'/);
  });

  it('splits records strictly', () => {
    expect(splitRecord('a,"b,c",""')).toEqual(['a', 'b,c', '']);
    expect(splitRecord('"a"x,b')).toEqual({ error: 'text after the closing quote of a field', column: 1 });
    expect(splitRecord(',')).toEqual(['', '']);
  });
});

describe('readCsvBatches with texts (the worker threads split the records)', () => {
  it('hands the data records over unsplit with the header; rowItem then gives the rows of readCsv', async () => {
    const text = `${HEADER}A1,Sok Dara,1970,KH\n"A2","Multi\nline",1980,FR\n\nA3,Too,many,fields,here\nA4,"bad"x,,\n`;
    const { items: rows } = await read(text);
    let header: string[] = [];
    const items: Array<CsvItem | CsvText> = [];
    for await (const batch of readCsvBatches(chunks(Buffer.from(text)), ARRIVALS_SPEC, {
      texts: true,
      onHeader: (h) => {
        header = h;
      },
    }))
      items.push(...batch);
    expect(header).toEqual(['id', 'full_name', 'dob', 'nationality']);
    expect(items.every((i) => i.kind === 'text')).toBe(true);
    expect(items.map((i) => (i.kind === 'text' ? rowItem(header, i.line, i.text) : i))).toEqual(rows);
    expect(rows.map((r) => r.kind)).toEqual(['row', 'row', 'reject', 'reject']);
  });
});

describe('screenArrivals', () => {
  it('screens good lines and lists every bad one: empty names, impossible dates, unknown countries', async () => {
    const hits = new MemorySink();
    const rejects = new MemorySink();
    await startOutputs({ hits, rejects });
    const input = [
      'id,full_name,given_name,family_name,dob,gender,nationality,passport_country,passport_number',
      'A1,,Dara,Sok,1980-03-12,M,KHM,,',
      'A2,,,,1980-01-01,,,,',
      'A3,Jane Roe,,,2001-02-29,,,,',
      'A4,John Doe,,,1970,,Atlantis,Narnia,',
      'A5,Sok Dara,,,1980-12-03,,Cambodia,,',
    ].join('\n');
    const screenedIds: string[] = [];
    const summary = await screenArrivals(
      chunks(Buffer.from(input), 5),
      (record) => {
        screenedIds.push(record.id);
        return record.id === 'A5'
          ? [{ inputId: 'A5', watchlistId: '=W1', score: 0.95, decision: 'hit', reasons: ['name: same'] }]
          : [];
      },
      { hits, rejects },
      { fileLabel: 'arrivals.csv' },
    );
    expect(screenedIds).toEqual(['A1', 'A5']);
    expect(summary).toMatchObject({ rows: 5, screened: 2, rejectedLines: 3, hitRows: 1, pairs: 1 });
    expect(hits.text()).toBe("input_id,watchlist_id,score,decision,reasons\nA5,'=W1,0.950,hit,name: same\n");
    expect(rejects.text().split('\n')).toEqual([
      'file,line,column,reason',
      'arrivals.csv,3,full_name,"no name: full_name, or given_name/family_name, is required"',
      'arrivals.csv,4,dob,"\'2001-02-29\' is not a possible date (use YYYY-MM-DD, YYYY-MM or YYYY)"',
      'arrivals.csv,5,nationality,"unknown country \'Atlantis\' (use an ISO code such as KH or KHM, or the English name)"',
      'arrivals.csv,5,passport_country,"unknown country \'Narnia\' (use an ISO code such as KH or KHM, or the English name)"',
      '',
    ]);
  });

  it('neutralises formulas and quotes what needs quoting', () => {
    expect(csvValue('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvValue('-1+2')).toBe("'-1+2");
    expect(csvValue(-1)).toBe('-1');
    expect(csvRow(['a"b', 'c,d', 'e\nf'])).toBe('"a""b","c,d","e\nf"\n');
  });
});
