import {
  createUserRequestSchema,
  createUserResponseSchema,
  noBodySchema,
  resetUserResponseSchema,
  updateUserRequestSchema,
  userAdminViewSchema,
  userIdParamsSchema,
  userListQuerySchema,
  userListResponseSchema,
} from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import * as service from './users.admin.service.ts';

const tags = ['users'];

/** User administration (agency and system administrators). Thin: validated input → one service call. */
export function usersRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/users',
      {
        config: { access: { action: 'users.list' } },
        schema: {
          tags,
          summary: 'Users the caller administers: their agency, or everyone for system administrators',
          querystring: userListQuerySchema,
          response: { 200: userListResponseSchema },
        },
      },
      async (request) => service.listUsers(ctx, actorOf(request), request.query),
    );

    app.get(
      '/users/:id',
      {
        config: { access: { action: 'users.read' } },
        schema: {
          tags,
          summary: 'One user',
          params: userIdParamsSchema,
          response: { 200: userAdminViewSchema },
        },
      },
      async (request) => service.getUser(ctx, actorOf(request), request.params.id),
    );

    app.post(
      '/users',
      {
        config: { access: { action: 'users.create' } },
        schema: {
          tags,
          summary: 'Invite a new user; the answer carries the single-use invitation link (72 hours)',
          body: createUserRequestSchema,
          response: { 201: createUserResponseSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createUser(ctx, actorOf(request), request.body)),
    );

    app.patch(
      '/users/:id',
      {
        config: { access: { action: 'users.update' } },
        schema: {
          tags,
          summary:
            'Rename, change roles or unit, disable or enable; disabling or a role change ends their sessions',
          params: userIdParamsSchema,
          body: updateUserRequestSchema,
          response: { 200: userAdminViewSchema },
        },
      },
      async (request) => service.updateUser(ctx, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/users/:id/unlock',
      {
        config: { access: { action: 'users.unlock' } },
        schema: {
          tags,
          summary: 'Release an account locked after repeated failed log-ins',
          params: userIdParamsSchema,
          body: noBodySchema,
          response: { 200: userAdminViewSchema },
        },
      },
      async (request) => service.unlockUser(ctx, actorOf(request), request.params.id),
    );

    app.post(
      '/users/:id/reset',
      {
        config: { access: { action: 'users.reset' } },
        schema: {
          tags,
          summary: 'A single-use password reset link (72 hours); second factors are kept',
          params: userIdParamsSchema,
          body: noBodySchema,
          response: { 200: resetUserResponseSchema },
        },
      },
      async (request) => service.resetUser(ctx, actorOf(request), request.params.id),
    );
  };
}
