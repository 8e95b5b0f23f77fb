/**
 * The one way the web app talks to `/api/v1`: JSON in and out, the session cookie (HttpOnly, so we never
 * see it), the `X-Requested-With` header the server requires on every call, and the two answers that
 * change what the user sees: 401 `unauthenticated` (go to the login page) and 401 `step_up_required`
 * (prove the second factor again, then the request is retried once).
 */

export interface ApiIssue {
  /** Dotted path of the field at fault, e.g. `body.email` or `password`. */
  path: string;
  message: string;
}

/** An error answer of the API (or `network` when the server could not be reached at all). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** Codes the client itself produces (never sent by the server). */
export const CLIENT_ERROR = {
  network: 'network',
  stepUpCancelled: 'step_up_cancelled',
  badResponse: 'bad_response',
} as const;

type StepUpHandler = () => Promise<void>;
type UnauthenticatedHandler = () => void;

let stepUpHandler: StepUpHandler | undefined;
let unauthenticatedHandler: UnauthenticatedHandler | undefined;

/**
 * The signed-in app registers how to ask for a step-up (a dialog) and what to do when the session is
 * gone (go to the login page). Public pages register nothing: there, a 401 is just an error.
 * Returns a function that removes the handlers.
 */
export function registerAuthHandlers(handlers: {
  stepUp?: StepUpHandler;
  unauthenticated?: UnauthenticatedHandler;
}): () => void {
  stepUpHandler = handlers.stepUp;
  unauthenticatedHandler = handlers.unauthenticated;
  return () => {
    if (stepUpHandler === handlers.stepUp) stepUpHandler = undefined;
    if (unauthenticatedHandler === handlers.unauthenticated) unauthenticatedHandler = undefined;
  };
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Do not call the unauthenticated handler on 401 (login steps, the initial session check). */
  quietUnauthenticated?: boolean;
  /** Do not open the step-up dialog on `step_up_required` (the step-up calls themselves). */
  skipStepUp?: boolean;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function send(method: Method, path: string, body: unknown, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-requested-with': 'karpear' };
  // Files go as multipart/form-data: the browser sets that content type with its boundary.
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, CLIENT_ERROR.network, 'The server could not be reached');
  }
}

async function toError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { code?: unknown; message?: unknown; issues?: unknown } }
    | undefined;
  const error = body?.error;
  const code =
    typeof error?.code === 'string' ? error.code : response.status === 429 ? 'rate_limited' : 'http';
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`;
  const issues = Array.isArray(error?.issues)
    ? (error.issues as unknown[]).filter(
        (issue): issue is ApiIssue =>
          typeof issue === 'object' &&
          issue !== null &&
          typeof (issue as ApiIssue).path === 'string' &&
          typeof (issue as ApiIssue).message === 'string',
      )
    : [];
  return new ApiError(response.status, code, message, issues);
}

/**
 * Calls the API; resolves with the parsed JSON body (undefined for 204), rejects with an ApiError. The
 * body is sent as JSON, or as multipart/form-data when it is a FormData (file uploads).
 */
export async function api<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  let response = await send(method, path, body, options);
  if (!response.ok) {
    let error = await toError(response);
    if (error.code === 'step_up_required' && stepUpHandler && !options.skipStepUp) {
      // Rejects with step_up_cancelled when the user closes the dialog.
      await stepUpHandler();
      response = await send(method, path, body, options);
      if (!response.ok) error = await toError(response);
    }
    if (!response.ok) {
      if (error.code === 'unauthenticated' && !options.quietUnauthenticated) unauthenticatedHandler?.();
      throw error;
    }
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(
      response.status,
      CLIENT_ERROR.badResponse,
      'The server answered with something unexpected',
    );
  }
}

/** `?a=1&b=x` from the defined, non-empty values (for list filters). */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Server validation issues keyed by field name (the last segment of the path: `body.email` → `email`). */
export function issuesByField(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const field =
      issue.path
        .split('.')
        .filter((part) => part !== 'body')
        .join('.') || issue.path;
    fields[field] ??= issue.message;
  }
  return fields;
}
