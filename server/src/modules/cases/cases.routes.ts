import {
  caseDetailSchema,
  caseListQuerySchema,
  caseMemberSchema,
  caseNoteBodySchema,
  caseNoteSchema,
  casePageSchema,
  caseStatusBodySchema,
  caseSummarySchema,
  createCaseBodySchema,
  createTaskBodySchema,
  createTipTaskBodySchema,
  myWorkSchema,
  noBodySchema,
  planDecisionBodySchema,
  planDiffSchema,
  planSchema,
  savePlanBodySchema,
  supervisorViewSchema,
  taskSchema,
  taskStatusBodySchema,
  teamMemberBodySchema,
  teamRoleBodySchema,
  updateCaseBodySchema,
} from '@karpear/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../access/index.ts';
import type { AppContext } from '../../platform/context.ts';
import * as plans from './cases.plans.ts';
import * as service from './cases.service.ts';
import * as supervisor from './cases.supervisor.ts';
import * as tasks from './cases.tasks.ts';

const tags = ['cases'];
const idParams = z.object({ id: z.uuid() });
const memberParams = z.object({ id: z.uuid(), userId: z.uuid() });
// `version` stays text here: a non-number answers 404 like a version that does not exist.
const versionParams = z.object({ id: z.uuid(), version: z.string().max(100) });
const diffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });
const createdSchema = z.object({ id: z.uuid(), reference: z.string() });
const teamSchema = z.array(caseMemberSchema);
const planListSchema = z.object({ current: planSchema.nullable(), versions: z.array(planSchema) });

/** Cases, teams, notes, plans, tasks. Thin: validated input → one service call (which authorizes). */
export function casesRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/cases',
      {
        config: { access: { action: 'cases.list' } },
        schema: {
          tags,
          summary: 'Cases the caller may read (filters: status, unit, offence, q on reference/title)',
          description:
            'The total is exact up to 10,000 matching cases; beyond that it is 10,000 and totalCapped is true',
          querystring: caseListQuerySchema,
          response: { 200: casePageSchema },
        },
      },
      async (request) => service.listCases(ctx, actorOf(request), request.query),
    );

    app.post(
      '/cases',
      {
        config: { access: { action: 'cases.create' } },
        schema: {
          tags,
          summary: 'Open a case, directly or from tips the caller may read',
          body: createCaseBodySchema,
          response: { 201: createdSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createCase(ctx, actorOf(request), request.body)),
    );

    app.get(
      '/cases/supervisor',
      {
        config: { access: { action: 'cases.supervisor_view' } },
        schema: {
          tags,
          summary: "The supervisor's unit: caseload, open case ages, overdue tasks, plans awaiting approval",
          response: { 200: supervisorViewSchema },
        },
      },
      async (request) => supervisor.supervisorView(ctx, actorOf(request)),
    );

    app.get(
      '/my-work',
      {
        config: { access: { action: 'cases.my_work' } },
        schema: {
          tags,
          summary: "The caller's open tasks (cases and tips) and the tips assigned to them, by due date",
          response: { 200: myWorkSchema },
        },
      },
      async (request) => tasks.myWork(ctx, actorOf(request)),
    );

    app.get(
      '/cases/:id',
      {
        config: { access: { action: 'cases.read' } },
        schema: { tags, summary: 'A case (audited)', params: idParams, response: { 200: caseDetailSchema } },
      },
      async (request) => service.getCase(ctx, actorOf(request), request.params.id),
    );

    app.patch(
      '/cases/:id',
      {
        config: { access: { action: 'cases.update' } },
        schema: {
          tags,
          summary: 'Change title, summary or offences (at the version read)',
          params: idParams,
          body: updateCaseBodySchema,
          response: { 200: caseSummarySchema },
        },
      },
      async (request) => service.updateCase(ctx, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/cases/:id/status',
      {
        config: { access: { action: 'cases.change_status' } },
        schema: {
          tags,
          summary: 'Move the case in its workflow (closing, sending back and reopening need a reason)',
          params: idParams,
          body: caseStatusBodySchema,
          response: { 200: caseSummarySchema },
        },
      },
      async (request) => service.changeStatus(ctx, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/cases/:id/team',
      {
        config: { access: { action: 'cases.manage_team' } },
        schema: {
          tags,
          summary: 'Add a member to the team',
          params: idParams,
          body: teamMemberBodySchema,
          response: { 200: teamSchema },
        },
      },
      async (request) => service.addMember(ctx, actorOf(request), request.params.id, request.body),
    );

    app.patch(
      '/cases/:id/team/:userId',
      {
        config: { access: { action: 'cases.manage_team' } },
        schema: {
          tags,
          summary: "Change a member's role in the case",
          params: memberParams,
          body: teamRoleBodySchema,
          response: { 200: teamSchema },
        },
      },
      async (request) =>
        service.changeMemberRole(
          ctx,
          actorOf(request),
          request.params.id,
          request.params.userId,
          request.body.caseRole,
        ),
    );

    app.delete(
      '/cases/:id/team/:userId',
      {
        config: { access: { action: 'cases.manage_team' } },
        schema: {
          tags,
          summary: 'Remove a member (not the lead)',
          params: memberParams,
          body: noBodySchema,
          response: { 200: teamSchema },
        },
      },
      async (request) =>
        service.removeMember(ctx, actorOf(request), request.params.id, request.params.userId),
    );

    app.post(
      '/cases/:id/notes',
      {
        config: { access: { action: 'cases.add_note' } },
        schema: {
          tags,
          summary: 'Add a note',
          params: idParams,
          body: caseNoteBodySchema,
          response: { 201: caseNoteSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.addNote(ctx, actorOf(request), request.params.id, request.body.body)),
    );

    // ----- investigation plan -----

    app.get(
      '/cases/:id/plan',
      {
        config: { access: { action: 'cases.plans.read' } },
        schema: {
          tags,
          summary: 'The current plan and every version (audited)',
          params: idParams,
          response: { 200: planListSchema },
        },
      },
      async (request) => plans.getPlans(ctx, actorOf(request), request.params.id),
    );

    app.put(
      '/cases/:id/plan/draft',
      {
        config: { access: { action: 'cases.plans.edit' } },
        schema: {
          tags,
          summary: 'Save the draft (at its lock version; after approval this starts version n+1)',
          params: idParams,
          body: savePlanBodySchema,
          response: { 200: planSchema },
        },
      },
      async (request) => plans.saveDraft(ctx, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/cases/:id/plan/submit',
      {
        config: { access: { action: 'cases.plans.edit' } },
        schema: {
          tags,
          summary: 'Submit the draft for approval',
          params: idParams,
          body: noBodySchema,
          response: { 200: planSchema },
        },
      },
      async (request) => plans.submitPlan(ctx, actorOf(request), request.params.id),
    );

    app.post(
      '/cases/:id/plan/decision',
      {
        config: { access: { action: 'cases.plans.decide' } },
        schema: {
          tags,
          summary: 'Approve or return the submitted plan (a supervisor who is not its author)',
          params: idParams,
          body: planDecisionBodySchema,
          response: { 200: planSchema },
        },
      },
      async (request) => plans.decidePlan(ctx, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/cases/:id/plan/diff',
      {
        config: { access: { action: 'cases.plans.read' } },
        schema: {
          tags,
          summary: 'What changed between two plan versions',
          params: idParams,
          querystring: diffQuery,
          response: { 200: planDiffSchema },
        },
      },
      async (request) =>
        plans.diffPlans(ctx, actorOf(request), request.params.id, request.query.from, request.query.to),
    );

    app.get(
      '/cases/:id/plan/versions/:version',
      {
        config: { access: { action: 'cases.plans.read' } },
        schema: { tags, summary: 'One plan version', params: versionParams, response: { 200: planSchema } },
      },
      async (request) =>
        plans.getPlanVersion(ctx, actorOf(request), request.params.id, Number(request.params.version)),
    );

    // ----- tasks -----

    app.post(
      '/cases/:id/tasks',
      {
        config: { access: { action: 'cases.tasks.create' } },
        schema: {
          tags,
          summary: 'Add a task (owner on the team; optional line of enquiry of the current plan)',
          params: idParams,
          body: createTaskBodySchema,
          response: { 201: taskSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await tasks.createCaseTask(ctx, actorOf(request), request.params.id, request.body)),
    );

    app.post(
      '/tips/:id/tasks',
      {
        config: { access: { action: 'cases.tasks.create' } },
        schema: {
          tags,
          summary: "Add a task on a tip (owner in the tip's unit)",
          params: idParams,
          body: createTipTaskBodySchema,
          response: { 201: taskSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await tasks.createTipTask(ctx, actorOf(request), request.params.id, request.body)),
    );

    app.post(
      '/tasks/:id/status',
      {
        config: { access: { action: 'cases.tasks.update' } },
        schema: {
          tags,
          summary: "Change a task's status (at its version)",
          params: idParams,
          body: taskStatusBodySchema,
          response: { 200: taskSchema },
        },
      },
      async (request) => tasks.changeTaskStatus(ctx, actorOf(request), request.params.id, request.body),
    );
  };
}
