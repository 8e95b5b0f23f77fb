import { CyberTipParseError, FieldError, type ParseWarning } from './errors.ts';
import { jsonToReportNode } from './json.ts';
import { readReport } from './map-report.ts';
import { type CyberTipReport, cyberTipReportSchema } from './model.ts';
import { Reader } from './tree.ts';
import { xmlToTree } from './xml.ts';

/**
 * `parseCyberTip(bytes | text, { file })` → a complete, validated `CyberTipReport` or a
 * `CyberTipParseError` naming the file, the element path and the reason. Never half a report, never
 * another exception: oversized input, bad encodings, hostile XML (DOCTYPE/ENTITY), deep nesting,
 * malformed or truncated documents, missing ids, wrong dates, impossible ages all come back as errors.
 * Unknown elements are warnings. One file holds one report.
 */
export interface CyberTipParseOptions {
  /** Shown in errors; the caller's file name. */
  file?: string;
  /** `auto` looks at the first character (`<` XML, `{` JSON). */
  format?: 'xml' | 'json' | 'auto';
  /** Largest accepted input in bytes (UTF-8 for text). Default 50 MiB. */
  maxBytes?: number;
  /** Deepest accepted element/object nesting. Default 32 (real reports use about 7). */
  maxDepth?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 32;

export type CyberTipParseOutcome =
  | { ok: true; report: CyberTipReport; warnings: ParseWarning[] }
  | { ok: false; error: CyberTipParseError };

export function parseCyberTip(
  input: string | Uint8Array,
  options: CyberTipParseOptions = {},
): CyberTipParseOutcome {
  const file = options.file ?? '(input)';
  try {
    return { ok: true, ...parseOrThrow(input, file, options) };
  } catch (e) {
    if (e instanceof CyberTipParseError) return { ok: false, error: e };
    if (e instanceof FieldError) return { ok: false, error: new CyberTipParseError(file, e.path, e.reason) };
    const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { ok: false, error: new CyberTipParseError(file, '', `internal error: ${detail.slice(0, 200)}`) };
  }
}

/** The same, throwing `CyberTipParseError`. */
export function parseCyberTipOrThrow(
  input: string | Uint8Array,
  options: CyberTipParseOptions = {},
): { report: CyberTipReport; warnings: ParseWarning[] } {
  const outcome = parseCyberTip(input, options);
  if (!outcome.ok) throw outcome.error;
  return { report: outcome.report, warnings: outcome.warnings };
}

function parseOrThrow(input: string | Uint8Array, file: string, options: CyberTipParseOptions) {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const text = decode(input, file, maxBytes).replace(/^\uFEFF/, '');
  const first = /\S/.exec(text)?.[0];
  if (first === undefined) throw new CyberTipParseError(file, '', 'empty file');
  const format =
    options.format && options.format !== 'auto' ? options.format : first === '<' ? 'xml' : 'json';
  if (format === 'xml' && first !== '<') throw new FieldError('', 'not XML (does not start with <)');
  if (format === 'json' && first !== '{' && first !== '[') throw new FieldError('', 'neither XML nor JSON');

  const reader = new Reader(format === 'xml' ? '/' : '.');
  const root = format === 'xml' ? xmlToTree(text, maxDepth) : jsonToReportNode(reader, text, maxDepth);
  const report = readReport(reader, root, format === 'xml' ? 'esp_xml' : 'le_json');
  const checked = cyberTipReportSchema.safeParse(report);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new FieldError(issue.path.join('.'), `internal error: report model check failed: ${issue.message}`);
  }
  return { report: checked.data, warnings: reader.warnings };
}

function decode(input: string | Uint8Array, file: string, maxBytes: number): string {
  const tooLarge = () =>
    new CyberTipParseError(
      file,
      '',
      `larger than the ${Math.floor(maxBytes / 1024 / 1024)} MiB limit per report`,
      'payload_too_large',
    );
  if (typeof input === 'string') {
    if (
      input.length > maxBytes ||
      (input.length * 3 > maxBytes && Buffer.byteLength(input, 'utf8') > maxBytes)
    ) {
      throw tooLarge();
    }
    return input;
  }
  if (!(input instanceof Uint8Array)) throw new FieldError('', 'input is neither text nor bytes');
  if (input.byteLength > maxBytes) throw tooLarge();
  let encoding = 'utf-8';
  if (input[0] === 0xff && input[1] === 0xfe) encoding = 'utf-16le';
  else if (input[0] === 0xfe && input[1] === 0xff) encoding = 'utf-16be';
  else {
    const head = new TextDecoder('latin1').decode(input.subarray(0, 200));
    const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
    if (declared) encoding = declared.toLowerCase();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new FieldError('', `unsupported character encoding "${encoding}"`);
  }
  try {
    return decoder.decode(input);
  } catch {
    throw new FieldError('', `not valid ${encoding} text`);
  }
}
