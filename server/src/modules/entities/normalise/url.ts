import { accept, cleanText, isRejection, type NormaliseResult, reject } from './result.ts';

/**
 * URLs, for linking (WHATWG URL parsing, then these rules):
 * - schemes: http, https, ftp only (javascript:, data:, file:, mailto:… are rejected); defanged
 *   `hxxp://`, `hxxps://` and `[.]` as used in threat reports are re-armed;
 * - no scheme (`www.example.com/x`, `example.com/x`) → `https://`;
 * - scheme and host lower-case, IDN hosts in punycode, trailing dot dropped, default port removed;
 * - user:password@ removed (credentials are not an identifier and must not be stored);
 * - fragment removed; dot segments resolved; trailing slashes of a non-root path removed
 *   (`/user/` = `/user`), the root path stays `/`;
 * - percent-escapes upper-cased, escapes of unreserved characters decoded (`%7E` → `~`);
 * - the query is kept as given, in its order (parameters can be significant); an empty `?` is dropped.
 */
const MAX_INPUT = 2048;
const ALLOWED = new Set(['http:', 'https:', 'ftp:']);
const BARE_HOST = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?::\d{1,5})?(?:[/?#]|$)/u;

export function normaliseUrl(raw: string): NormaliseResult {
  const cleaned = cleanText(raw, MAX_INPUT);
  if (isRejection(cleaned)) return cleaned;
  if (/\s/u.test(cleaned)) return reject('invalid', 'contains white space');
  let text = cleaned.replace(/^hxxp(s?):\/\//i, 'http$1://').replace(/\[\.\]|\(\.\)/g, '.');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1];
  if (scheme === undefined || BARE_HOST.test(text)) {
    if (text.startsWith('//')) text = `https:${text}`;
    else if (BARE_HOST.test(text)) text = `https://${text}`;
    else return reject('invalid', 'not a URL');
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return reject('invalid', 'not a URL');
  }
  if (!ALLOWED.has(url.protocol)) return reject('unsupported', `scheme ${url.protocol}`);
  if (url.hostname === '') return reject('invalid', 'no host');
  url.username = '';
  url.password = '';
  url.hash = '';
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.replace(/\.+$/, '');
  if (url.hostname === '') return reject('invalid', 'no host');
  url.pathname = escapes(url.pathname).replace(/\/+$/, '') || '/';
  url.search = url.search.length <= 1 ? '' : escapes(url.search);
  const value = url.href;
  if (value.length > MAX_INPUT) return reject('too_long');
  return accept(value);
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

function escapes(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/** The lower-case host of a normalised URL, or null. */
export function hostOf(value: string): string | null {
  try {
    return new URL(value).hostname;
  } catch {
    return null;
  }
}
