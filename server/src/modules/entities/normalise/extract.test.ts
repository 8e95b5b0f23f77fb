import { describe, expect, it } from 'vitest';
import { extractIdentifiers } from './extract.ts';

const pairs = (text: string) => extractIdentifiers(text).map((f) => `${f.kind} ${f.value}`);

describe('extractIdentifiers', () => {
  it('finds e-mails, phones, URLs, IPs and @usernames in a narrative', () => {
    const text =
      'Synthetic narrative. Contact at Someone.Else@Example.org or (012) 345-678, also +855 97 123 4567. ' +
      'On Telegram @Some_Guy; see https://t.me/someguy and 203.0.113.9:443 or [2001:db8::7].';
    expect(pairs(text)).toEqual([
      'email someone.else@example.org',
      'phone +85512345678',
      'phone +855971234567',
      'username telegram:some_guy',
      'url https://t.me/someguy',
      'username telegram:someguy',
      'ip 203.0.113.9',
      'ip 2001:db8::7',
    ]);
  });

  it('reports where each value was written', () => {
    const [found] = extractIdentifiers('mail: a.b@gmail.com.');
    expect(found).toEqual({ kind: 'email', value: 'a.b@gmail.com', raw: 'a.b@gmail.com', index: 6 });
  });

  it('is conservative about numbers, dates and times', () => {
    expect(pairs('Met on 2024-01-15 at 10:30:45, paid 123456789 riel, ref 15/01/2024, v1.2.3.4.5')).toEqual(
      [],
    );
    expect(pairs('order 55512345678 and 1.2.3 and 999.1.1.1')).toEqual([]);
  });

  it('takes the platform of an @username from a word just before it, else unknown', () => {
    expect(pairs('instagram: @Some.One')).toEqual(['username instagram:some.one']);
    expect(pairs('he said @SomeOne')).toEqual(['username unknown:SomeOne']);
    expect(pairs('write to user@gmail.com')).toEqual(['email user@gmail.com']);
  });

  it('reads URLs with @ in the path as URLs (TikTok profiles)', () => {
    expect(pairs('see https://www.tiktok.com/@Some.One now')).toEqual([
      'url https://www.tiktok.com/@Some.One',
      'username tiktok:some.one',
    ]);
  });

  it('handles URLs in brackets and with trailing punctuation', () => {
    expect(pairs('(see www.some-site.com/page).')).toEqual(['url https://www.some-site.com/page']);
    expect(pairs('https://en.wikipedia.org/wiki/Foo_(bar), then')).toEqual([
      'url https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
  });

  it('de-duplicates and survives hostile input quickly', () => {
    expect(pairs('a@gmail.com A@GMAIL.COM')).toEqual(['email a@gmail.com']);
    const start = performance.now();
    extractIdentifiers(`${'a'.repeat(200_000)} ${'@'.repeat(5000)} ${'1 '.repeat(50_000)}`);
    extractIdentifiers('x@'.repeat(50_000));
    expect(performance.now() - start).toBeLessThan(2000);
    expect(extractIdentifiers('')).toEqual([]);
  });
});
