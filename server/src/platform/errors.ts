/**
 * One error type for everything the application refuses on purpose. The code is stable (clients and
 * tests match on it); the HTTP status comes from one table here; user-facing text lives in the web
 * app's km/en files under `errors.<code>`, so internal detail never reaches a user.
 */
export const ERROR_CODES = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  /** Signed in, but the second factor must be proven again (recently) for this operation. */
  step_up_required: 401,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorIssue {
  /** Dotted path of the field, element or line at fault, e.g. `body.email` or `line 12`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
  }

  /** A record the actor may not see answers exactly like one that does not exist. */
  static notFound(): AppError {
    return new AppError('not_found', 'Not found');
  }
}

/** The JSON body of every error response: code, safe message, issues. Never a stack trace. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: ErrorIssue[]; requestId?: string };
}

export function toErrorBody(err: AppError, requestId?: string): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.issues.length > 0 ? { issues: err.issues } : {}),
      ...(requestId ? { requestId } : {}),
    },
  };
}
