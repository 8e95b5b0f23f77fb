import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportArbitrary as report } from './arbitraries.ts';
import { CyberTipParseError } from './errors.ts';
import { SAMPLE_JSON, SAMPLE_XML } from './fixtures.ts';
import { parseCyberTip } from './parse.ts';
import { writeCyberTipJson, writeCyberTipXml } from './write.ts';

const RUNS = { numRuns: 200 };

describe('CyberTipline parsers (fast-check)', () => {
  it('round trip: a report written as XML or JSON parses back to the same report', () => {
    fc.assert(
      fc.property(report, (r) => {
        const fromXml = parseCyberTip(writeCyberTipXml(r));
        expect(fromXml.ok ? fromXml.report : fromXml.error.message).toEqual(r);
        const fromJson = parseCyberTip(writeCyberTipJson(r));
        expect(fromJson.ok ? fromJson.report : fromJson.error.message).toEqual({ ...r, format: 'le_json' });
      }),
      RUNS,
    );
  });

  const nasty = [
    '<',
    '>',
    '&',
    '&#0;',
    '&lol;',
    '<!DOCTYPE x>',
    '<!ENTITY a "b">',
    ']]>',
    '<![CDATA[',
    '<?x',
    '<!--',
    '"',
    "'",
    '{',
    '}',
    '[',
    ']',
    '\\',
    '\u0000',
    '\uD800',
    'é',
    '<a>',
    '</report>',
  ];
  const mutation = fc.oneof(
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      piece: fc.oneof(fc.constantFrom(...nasty), fc.string({ unit: 'binary', maxLength: 8 })),
    }),
    fc.record({
      op: fc.constant('duplicate' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 200 }),
    }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;
  const apply = (doc: string, m: Mutation) => {
    const at = m.at % (doc.length + 1);
    switch (m.op) {
      case 'truncate':
        return doc.slice(0, at);
      case 'delete':
        return doc.slice(0, at) + doc.slice(at + m.length);
      case 'insert':
        return doc.slice(0, at) + m.piece + doc.slice(at);
      case 'duplicate':
        return doc.slice(0, at + m.length) + doc.slice(at);
    }
  };

  it('mutated and truncated XML and JSON give a report or a CyberTipParseError — nothing else, quickly', () => {
    const docs = fc.oneof(
      fc.constantFrom(SAMPLE_XML, SAMPLE_JSON),
      report.map(writeCyberTipXml),
      report.map(writeCyberTipJson),
    );
    fc.assert(
      fc.property(docs, fc.array(mutation, { minLength: 1, maxLength: 4 }), (doc, mutations) => {
        const input = mutations.reduce(apply, doc);
        const start = performance.now();
        const outcome = parseCyberTip(input, { file: 'm.xml' });
        expect(performance.now() - start).toBeLessThan(1000);
        if (!outcome.ok) {
          expect(outcome.error).toBeInstanceOf(CyberTipParseError);
          expect(outcome.error.reason).not.toMatch(/^internal error/);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('arbitrary bytes and strings never break the parser', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
        ),
        (input) => {
          const outcome = parseCyberTip(input);
          if (!outcome.ok) expect(outcome.error.reason).not.toMatch(/^internal error/);
        },
      ),
      RUNS,
    );
  });
});
