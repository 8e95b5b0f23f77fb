import {
  challengeRequestSchema,
  invitationRequestSchema,
  invitationResponseSchema,
  loginRequestSchema,
  loginResponseSchema,
  recoveryCodesResponseSchema,
  recoveryRequestSchema,
  signedInResponseSchema,
  totpEnrolmentSchema,
  totpRequestSchema,
  webauthnOptionsSchema,
  webauthnRequestSchema,
} from '@karpear/contracts';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context.ts';
import { readSessionToken, setSessionCookie } from './cookies.ts';
import { confirmTotpEnrolment, startTotpEnrolment } from './enrol.service.ts';
import { acceptInvitation } from './invitations.ts';
import { completeRecoveryLogin, completeTotpLogin, startLogin } from './login.service.ts';
import { originOf, relyingPartyOf } from './route-helpers.ts';
import {
  completeWebauthnEnrolment,
  completeWebauthnLogin,
  enrolWebauthnOptions,
  loginWebauthnOptions,
} from './webauthn.service.ts';

const tags = ['auth'];
const PUBLIC = {
  public: 'signing in: no session exists yet; rate-limited per IP, failures lock the account',
};

/**
 * The log-in ceremony (`/api/v1/auth/*`), all public and rate-limited per IP by the enclosing
 * plugin. Every refused step answers 401 `unauthenticated` with the same body; a session cookie is
 * set only after a second factor was verified (SECURITY.md 8).
 */
export function loginRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'Start a log-in with e-mail and password; always answers the same shape',
          description:
            'The answer never reveals whether the e-mail exists or the password was right: a wrong one gets a challenge that can never succeed.',
          body: loginRequestSchema,
          response: { 200: loginResponseSchema },
        },
      },
      async (request) => startLogin(ctx, request.body, originOf(request)),
    );

    app.post(
      '/auth/totp',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'Finish a log-in with an authenticator-app code',
          body: totpRequestSchema,
          response: { 200: signedInResponseSchema },
        },
      },
      async (request, reply) => {
        const signedIn = await completeTotpLogin(
          ctx,
          request.body,
          originOf(request),
          readSessionToken(request, ctx.config),
        );
        setSessionCookie(reply, ctx.config, signedIn.token);
        return { user: signedIn.user };
      },
    );

    app.post(
      '/auth/recovery',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'Finish a log-in with a one-time recovery code (the code is spent)',
          body: recoveryRequestSchema,
          response: { 200: signedInResponseSchema },
        },
      },
      async (request, reply) => {
        const signedIn = await completeRecoveryLogin(
          ctx,
          request.body,
          originOf(request),
          readSessionToken(request, ctx.config),
        );
        setSessionCookie(reply, ctx.config, signedIn.token);
        return { user: signedIn.user };
      },
    );

    app.post(
      '/auth/webauthn/options',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'WebAuthn authentication options for a log-in challenge',
          body: challengeRequestSchema,
          response: { 200: webauthnOptionsSchema },
        },
      },
      async (request) => loginWebauthnOptions(ctx, request.body.challenge, relyingPartyOf(request)),
    );

    app.post(
      '/auth/webauthn',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'Finish a log-in with a security key or passkey',
          body: webauthnRequestSchema,
          response: { 200: signedInResponseSchema },
        },
      },
      async (request, reply) => {
        const signedIn = await completeWebauthnLogin(
          ctx,
          {
            challenge: request.body.challenge,
            response: request.body.response as unknown as AuthenticationResponseJSON,
          },
          relyingPartyOf(request),
          originOf(request),
          readSessionToken(request, ctx.config),
        );
        setSessionCookie(reply, ctx.config, signedIn.token);
        return { user: signedIn.user };
      },
    );

    app.post(
      '/auth/enrol/totp',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary:
            'First log-in: a new authenticator-app secret and its QR code (not active until confirmed)',
          body: challengeRequestSchema,
          response: { 200: totpEnrolmentSchema },
        },
      },
      async (request) => startTotpEnrolment(ctx, request.body),
    );

    app.post(
      '/auth/enrol/totp/confirm',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary:
            'First log-in: confirm the authenticator app with a code; returns recovery codes, signs in',
          body: totpRequestSchema,
          response: { 200: recoveryCodesResponseSchema },
        },
      },
      async (request, reply) => {
        const done = await confirmTotpEnrolment(
          ctx,
          request.body,
          originOf(request),
          readSessionToken(request, ctx.config),
        );
        setSessionCookie(reply, ctx.config, done.token);
        return { recoveryCodes: done.recoveryCodes };
      },
    );

    app.post(
      '/auth/enrol/webauthn/options',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'First log-in: WebAuthn registration options',
          body: challengeRequestSchema,
          response: { 200: webauthnOptionsSchema },
        },
      },
      async (request) => enrolWebauthnOptions(ctx, request.body.challenge, relyingPartyOf(request)),
    );

    app.post(
      '/auth/enrol/webauthn',
      {
        config: { access: PUBLIC },
        schema: {
          tags,
          summary: 'First log-in: register a security key or passkey; returns recovery codes, signs in',
          body: webauthnRequestSchema,
          response: { 200: recoveryCodesResponseSchema },
        },
      },
      async (request, reply) => {
        const done = await completeWebauthnEnrolment(
          ctx,
          {
            challenge: request.body.challenge,
            response: request.body.response as unknown as RegistrationResponseJSON,
          },
          relyingPartyOf(request),
          originOf(request),
          readSessionToken(request, ctx.config),
        );
        setSessionCookie(reply, ctx.config, done.token);
        return { recoveryCodes: done.recoveryCodes };
      },
    );

    app.post(
      '/auth/invitation',
      {
        config: {
          access: { public: 'following an invitation or reset link: the link token is the credential' },
        },
        schema: {
          tags,
          summary: 'Set the password from an invitation or reset link (single use, 72 hours)',
          body: invitationRequestSchema,
          response: { 200: invitationResponseSchema },
        },
      },
      async (request) => acceptInvitation(ctx, request.body, originOf(request)),
    );
  };
}
