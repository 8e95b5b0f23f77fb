import { AppError } from '../../../platform/errors.ts';

/**
 * Why one CyberTipline file was refused: the file, the element or field path
 * (`report/incidentSummary/incidentDateTime`, `reportedInformation.reportedPeople.reportedPersons[2].age`)
 * or `line 12, column 5` for syntax, and the reason. An `AppError` so the HTTP layer maps it (400, or 413
 * for an oversized file) without special cases.
 */
export class CyberTipParseError extends AppError {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
    code: 'validation_failed' | 'payload_too_large' = 'validation_failed',
  ) {
    super(code, `${file}: ${path ? `${path}: ` : ''}${reason}`, [{ path: path || file, message: reason }]);
    this.name = 'CyberTipParseError';
  }
}

/** Thrown inside the parser before the file name is known to the throwing code; `parseCyberTip` turns it
 * into a `CyberTipParseError`. */
export class FieldError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'FieldError';
  }
}

export interface ParseWarning {
  path: string;
  message: string;
}
