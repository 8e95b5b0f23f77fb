import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import * as service from './portal.service.ts';
import {
  type FormValues,
  parseMessage,
  parseReceiptCode,
  parseReportForm,
  REPORT_FIELDS,
} from './portal-form.ts';
import {
  FORM_BODY_LIMIT,
  isSameOriginPost,
  parseFormBody,
  portalCsp,
  portalLanguage,
  sendPage,
} from './portal-http.ts';
import type { PortalMessageKey } from './portal-messages.ts';
import { type LookupPageInput, lookupPage, messagePage, receiptPage, statusPage } from './portal-pages.ts';
import { generateReceiptCode, hashReceiptCode, warmUpReceiptHash } from './portal-receipt.ts';
import { reportPage } from './portal-report-page.ts';
import { buildStylesheet } from './portal-style.ts';
import { checkFormToken, issueFormToken, issueStatusToken, openStatusToken } from './portal-tokens.ts';

/** Counts kept in memory per server process (honeypot hits are counted, never stored). */
export const portalStats = { honeypot: 0 };

/** HTML pages, not API operations: kept out of the OpenAPI document. */
const PAGE = { hide: true };

const PUBLIC = {
  form: 'the public tip portal: anonymous reporters have no account; rate-limited per IP, honeypot',
  status: 'reporters read their tip with the receipt code (slow hash, rate-limited per IP)',
};

/**
 * The public tip portal, server-rendered (works with JavaScript off): GET/POST /report and GET/POST
 * /report/status, plus its stylesheet. In its own encapsulated scope: only form bodies are parsed
 * here (anything else — multipart files above all — is 415), errors become pages in the reporter's
 * language, and POSTs are rate-limited per IP (`portalRateLimitMax` per `portalRateLimitWindowMs`).
 */
export function portalRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    warmUpReceiptHash();
    const style = buildStylesheet(ctx.config.webDistDir);
    const csp = portalCsp(style.hash);
    const send = (reply: FastifyReply, status: number, body: string) => sendPage(reply, status, body, csp);
    const now = () => ctx.clock.now();
    const token = () => issueFormToken(ctx.secrets, now());
    const meta = (request: FastifyRequest) => ({ ip: request.ip ?? null, requestId: request.id });

    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_request, body, done) => done(null, parseFormBody(body as string)),
    );

    await app.register(fastifyRateLimit, {
      global: false,
      errorResponseBuilder: () => new AppError('rate_limited', 'Too many requests; wait and try again'),
    });
    const rateLimit = { max: ctx.config.portalRateLimitMax, timeWindow: ctx.config.portalRateLimitWindowMs };

    app.setErrorHandler((err: FastifyError, request, reply) => {
      const lang = portalLanguage(request);
      const show = (status: number, title: PortalMessageKey, text: PortalMessageKey) =>
        send(reply, status, messagePage({ lang, stylesheet: style.css, title, text }));
      if (err instanceof AppError && err.code === 'rate_limited')
        return show(429, 'tooManyTitle', 'tooManyText');
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return show(415, 'noFilesTitle', 'noFilesText');
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return show(413, 'tooLargeTitle', 'tooLargeText');
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
        return show(400, 'errorTitle', 'errorText');
      // Only the error's type: a portal error message could quote what the reporter typed.
      request.log.error({ err: { type: err.name, code: err.code } }, 'tip portal error');
      return show(500, 'errorTitle', 'errorText');
    });

    const formValues = (request: FastifyRequest): FormValues =>
      request.body && typeof request.body === 'object' ? (request.body as FormValues) : {};
    /** The form's nonce when the post is same-origin with a genuine, fresh form token; else null. */
    const trusted = (request: FastifyRequest, values: FormValues): string | null =>
      isSameOriginPost(request) ? checkFormToken(ctx.secrets, values[REPORT_FIELDS.token], now()) : null;

    app.get(
      '/report',
      { config: { access: { public: PUBLIC.form } }, schema: PAGE },
      async (request, reply) => {
        const lang = portalLanguage(request, reply);
        return send(reply, 200, reportPage({ lang, stylesheet: style.css, token: token() }));
      },
    );

    app.post(
      '/report',
      { config: { access: { public: PUBLIC.form }, rateLimit }, schema: PAGE },
      async (request, reply: FastifyReply) => {
        const lang = portalLanguage(request);
        const values = formValues(request);
        const kept = { ...values, [REPORT_FIELDS.token]: '' };
        const nonce = trusted(request, values);
        if (!nonce) {
          return send(
            reply,
            400,
            reportPage({ lang, stylesheet: style.css, token: token(), values: kept, expired: true }),
          );
        }
        if ((values[REPORT_FIELDS.honeypot] ?? '').length > 0) {
          // A bot: answer exactly like a success (a receipt that opens nothing), store nothing.
          portalStats.honeypot++;
          request.log.warn(
            { event: 'portal_honeypot', count: portalStats.honeypot },
            'tip portal honeypot filled',
          );
          const code = generateReceiptCode();
          await hashReceiptCode(code);
          return send(reply, 200, receiptPage({ lang, stylesheet: style.css, code }));
        }
        const parsed = parseReportForm(values, now());
        if (!parsed.ok) {
          return send(
            reply,
            400,
            reportPage({ lang, stylesheet: style.css, token: token(), values: kept, errors: parsed.errors }),
          );
        }
        const filed = await service.submitReport(ctx, parsed.value, nonce, meta(request));
        if ('duplicate' in filed) {
          return send(
            reply,
            409,
            messagePage({ lang, stylesheet: style.css, title: 'alreadyTitle', text: 'alreadyText' }),
          );
        }
        return send(reply, 200, receiptPage({ lang, stylesheet: style.css, code: filed.code }));
      },
    );

    app.get(
      '/report/status',
      { config: { access: { public: PUBLIC.status } }, schema: PAGE },
      async (request, reply) => {
        const lang = portalLanguage(request, reply);
        return send(reply, 200, lookupPage({ lang, stylesheet: style.css, token: token() }));
      },
    );

    app.post(
      '/report/status',
      { config: { access: { public: PUBLIC.status }, rateLimit }, schema: PAGE },
      async (request, reply) => {
        const lang = portalLanguage(request);
        const values = formValues(request);
        const message = values.message ?? '';
        const lookup = (status: number, extra: Partial<LookupPageInput>) =>
          send(
            reply,
            status,
            lookupPage({
              lang,
              stylesheet: style.css,
              token: token(),
              message: message.trim() || undefined,
              ...extra,
            }),
          );
        if (!trusted(request, values)) return lookup(400, { expired: true });

        let tipId: string | null = null;
        const fromPage = values.status_token !== undefined;
        if (fromPage) {
          tipId = openStatusToken(ctx.secrets, values.status_token, now());
          if (!tipId) return lookup(400, { expired: true });
        } else {
          const code = parseReceiptCode(values.code);
          if (!code) return lookup(400, { code: values.code ?? '', error: { key: 'errCodeFormat' } });
          tipId = await service.findTipByReceipt(ctx, code, meta(request));
          if (!tipId) return lookup(404, { error: { key: 'errCodeUnknown' } });
        }

        const base = {
          lang,
          stylesheet: style.css,
          token: token(),
          statusToken: issueStatusToken(ctx.secrets, tipId, now()),
        };
        // From the status page the message is the point of the post; from the code form it is a
        // message carried over an expired page, added only when there is one.
        if (fromPage || message.trim().length > 0) {
          const parsed = parseMessage(message);
          if (!parsed.ok) {
            const view = await service.readStatus(ctx, tipId, meta(request));
            if (!view) return lookup(404, { error: { key: 'errCodeUnknown' } });
            return send(
              reply,
              400,
              statusPage({ ...base, ...view, message, messageError: parsed.errors.message }),
            );
          }
          const view = await service.addReporterMessage(ctx, tipId, parsed.value, meta(request));
          if (!view) return lookup(404, { error: { key: 'errCodeUnknown' } });
          return send(reply, 200, statusPage({ ...base, ...view, added: true }));
        }
        const view = await service.readStatus(ctx, tipId, meta(request));
        if (!view) return lookup(404, { error: { key: 'errCodeUnknown' } });
        return send(reply, 200, statusPage({ ...base, ...view }));
      },
    );
  };
}
