import { describe, expect, it } from 'vitest';
import { normaliseUrl } from './url.ts';

const value = (raw: string) => {
  const r = normaliseUrl(raw);
  return r.ok ? r.value : `!${r.reason}`;
};

describe('normaliseUrl', () => {
  it.each([
    ['HTTP://Example.COM:80/a/../b/?#x', 'http://example.com/b'],
    ['https://example.com:443/', 'https://example.com/'],
    ['https://example.com:8443/x', 'https://example.com:8443/x'],
    ['https://example.com/User/', 'https://example.com/User'],
    ['https://example.com/a//', 'https://example.com/a'],
    ['https://example.com', 'https://example.com/'],
    ['https://example.com./x', 'https://example.com/x'],
    ['https://user:secret@host.com/x?b=2&a=1#frag', 'https://host.com/x?b=2&a=1'],
    ['https://example.com/x?', 'https://example.com/x'],
    ['https://bücher.de/%7e%41%2f', 'https://xn--bcher-kva.de/~A%2F'],
    ['www.example.com/Path/', 'https://www.example.com/Path'],
    ['example.com/x', 'https://example.com/x'],
    ['//cdn.example.com/x', 'https://cdn.example.com/x'],
    ['hxxps://bad[.]site/x', 'https://bad.site/x'],
    ['ftp://files.example.org/pub/', 'ftp://files.example.org/pub'],
    ['http://0x7f.1/', 'http://127.0.0.1/'],
  ])('%j → %s', (raw, canonical) => {
    expect(value(raw)).toBe(canonical);
  });

  it.each([
    ['javascript:alert(1)', 'unsupported'],
    ['data:text/html,x', 'unsupported'],
    ['file:///etc/passwd', 'unsupported'],
    ['mailto:a@b.com', 'unsupported'],
    ['not a url', 'invalid'],
    ['http://', 'invalid'],
    ['', 'empty'],
    [`https://example.com/${'a'.repeat(3000)}`, 'too_long'],
  ])('rejects %j (%s)', (raw, reason) => {
    expect(value(raw)).toBe(`!${reason}`);
  });
});
