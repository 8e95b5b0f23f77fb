import { parseCyberTip } from './cybertip/parse.ts';
import { type MapTarget, tipFromReport } from './import/map-tip.ts';
import type { NewTip } from './tips.intake.ts';

/**
 * The CPU-only half of a CyberTipline import, one file's bytes → the `NewTip` to file (or why the
 * file is rejected): parse, refuse unknown elements unless allowed, map and normalise identifiers.
 * Pure and free of database handles, so it runs the same on the import's thread and in the parse
 * worker (tips.import.parse-worker.ts) while the import's thread writes the previous batch.
 */
export interface ParseSettings {
  maxBytes: number;
  allowUnknownElements: boolean;
  /** Holder and author of the tips; `receivedAt` is set again when the batch is written. */
  target: MapTarget;
}

export interface FileError {
  path: string;
  reason: string;
}

export type ParsedFile = { ok: true; tip: NewTip; notices: FileError[] } | { ok: false; errors: FileError[] };

const UNKNOWN_ELEMENT = 'unknown element, ignored';

export function parseReportFile(bytes: Uint8Array, file: string, settings: ParseSettings): ParsedFile {
  const outcome = parseCyberTip(bytes, { file, maxBytes: settings.maxBytes });
  if (!outcome.ok) return { ok: false, errors: [{ path: outcome.error.path, reason: outcome.error.reason }] };
  const unknown = outcome.warnings.filter((w) => w.message === UNKNOWN_ELEMENT);
  if (unknown.length > 0 && !settings.allowUnknownElements) {
    return {
      ok: false,
      errors: unknown.map((w) => ({
        path: w.path,
        reason: 'unknown element (not imported: the report would lose what it says there)',
      })),
    };
  }
  return {
    ok: true,
    tip: tipFromReport(outcome.report, settings.target),
    notices: outcome.warnings.map((w) => ({ path: w.path, reason: w.message })),
  };
}
