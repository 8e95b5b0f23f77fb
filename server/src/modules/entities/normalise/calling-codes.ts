/**
 * ITU-T E.164 country calling codes in service (a prefix code: no code is the start of another), used to
 * reject junk after a `+`. Ranges are written `220-229`. Kept compact on purpose; a new code is one edit.
 */
const CODES = `1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63
64 65 66 81 82 84 86 90 91 92 93 94 95 98 211 212 213 216 218 220-229 230-239 240-249 250-258 260-269 290
291 297 298 299 350-359 370-383 385 386 387 389 420 421 423 500-509 590-599 670 672-683 685-692 800 808 850
852 853 855 856 870 878 880-883 886 888 960-968 970-977 979 992-996 998`;

function expand(spec: string): Set<string> {
  const out = new Set<string>();
  for (const token of spec.split(/\s+/)) {
    const [from, to] = token.split('-');
    if (!from) continue;
    const end = Number(to ?? from);
    for (let n = Number(from); n <= end; n++) out.add(String(n));
  }
  return out;
}

export const CALLING_CODES: ReadonlySet<string> = expand(CODES);

/** The calling code at the start of an international number's digits, or null. */
export function callingCodeOf(digits: string): string | null {
  for (let len = 1; len <= 3; len++) {
    const code = digits.slice(0, len);
    if (code.length === len && CALLING_CODES.has(code)) return code;
  }
  return null;
}
