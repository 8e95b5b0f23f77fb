import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Application logs carry no personal data: requests are logged as method + path without the query
 * string (searches may contain names), bodies and headers are never logged, and known sensitive keys
 * are redacted wherever they appear. Pino writes JSON, so CR/LF in values cannot forge log lines;
 * `neutralise` covers the human-readable CLI output.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'totpSecret',
          '*.totpSecret',
          'email',
          '*.email',
          'req.headers.cookie',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method?: string; url?: string; id?: string }) => ({
          method: req.method,
          path: stripQuery(req.url ?? ''),
          id: req.id,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}

export function stripQuery(url: string): string {
  const i = url.indexOf('?');
  return i === -1 ? url : url.slice(0, i);
}

/** Replace CR, LF and other control characters so a value cannot start a new log or terminal line. */
export function neutralise(value: string): string {
  return value.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
