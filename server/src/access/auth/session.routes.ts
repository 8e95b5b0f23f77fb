import {
  changePasswordRequestSchema,
  meSchema,
  noBodySchema,
  stepUpTotpRequestSchema,
  stepUpWebauthnRequestSchema,
  webauthnOptionsSchema,
} from '@karpear/contracts';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { actorOf } from '../actor.ts';
import { acknowledgeBanner, changePassword, getMe, logout } from './account.service.ts';
import { clearSessionCookie, readSessionToken, setSessionCookie } from './cookies.ts';
import { originOf, relyingPartyOf } from './route-helpers.ts';
import { stepUpWithTotp } from './step-up.service.ts';
import { completeWebauthnStepUp, stepUpWebauthnOptions } from './webauthn.service.ts';

const tags = ['auth'];
const noContent = { 204: z.null().describe('No content') };

/** Step-up inside a session (rate-limited with the log-in routes: it guesses a second factor too). */
export function stepUpRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/step-up',
      {
        config: { access: { action: 'account.step_up' } },
        schema: {
          tags,
          summary: 'Prove the second factor again (authenticator code); rotates the session cookie',
          body: stepUpTotpRequestSchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        const token = await stepUpWithTotp(ctx, actorOf(request), request.body.code, originOf(request));
        setSessionCookie(reply, ctx.config, token);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/step-up/webauthn/options',
      {
        config: { access: { action: 'account.step_up' } },
        schema: {
          tags,
          summary: 'WebAuthn options to prove the second factor again',
          body: noBodySchema,
          response: { 200: webauthnOptionsSchema },
        },
      },
      async (request) =>
        stepUpWebauthnOptions(ctx, actorOf(request), relyingPartyOf(request), originOf(request)),
    );

    app.post(
      '/auth/step-up/webauthn',
      {
        config: { access: { action: 'account.step_up' } },
        schema: {
          tags,
          summary: 'Prove the second factor again with a security key; rotates the session cookie',
          body: stepUpWebauthnRequestSchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        const token = await completeWebauthnStepUp(
          ctx,
          actorOf(request),
          request.body.response as unknown as AuthenticationResponseJSON,
          relyingPartyOf(request),
          originOf(request),
        );
        setSessionCookie(reply, ctx.config, token);
        return reply.status(204).send(null);
      },
    );
  };
}

/** The signed-in user's own account and the end of a session (not rate-limited: no guessing here). */
export function accountRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/logout',
      {
        config: { access: { action: 'account.logout' } },
        schema: {
          tags,
          summary: 'End this session (server-side) and clear the cookie',
          body: noBodySchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        await logout(ctx, readSessionToken(request, ctx.config), originOf(request));
        clearSessionCookie(reply, ctx.config);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        config: { access: { action: 'account.read' } },
        schema: {
          tags,
          summary: 'Who is signed in: organisation, factors and abilities',
          response: { 200: meSchema },
        },
      },
      async (request) => getMe(ctx, actorOf(request)),
    );

    app.post(
      '/me/banner',
      {
        config: { access: { action: 'account.update' } },
        schema: {
          tags,
          summary: 'Acknowledge the login banner (terms of use)',
          body: noBodySchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        await acknowledgeBanner(ctx, actorOf(request), originOf(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/me/password',
      {
        config: { access: { action: 'account.update' } },
        schema: {
          tags,
          summary: 'Change the password (step-up within 5 minutes); other sessions end',
          body: changePasswordRequestSchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        await changePassword(ctx, actorOf(request), request.body, originOf(request));
        return reply.status(204).send(null);
      },
    );
  };
}
