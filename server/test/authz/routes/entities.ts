import {
  caseIdentifierLinkIn,
  caseIn,
  identifierIn,
  identifierMergeIn,
  identifierPairIn,
} from '../fixtures.ts';
import { personMergeIn, personsOnCaseIn } from '../persons.fixtures.ts';
import { onRecord, type RouteTable } from './route-helpers.ts';

/** Identifiers, their merges and the link chart; identifiers and persons on cases (the entities module). */
export const ENTITY_ROUTES: RouteTable = {
  // entities (server/src/modules/entities/entities.policy.ts): the roles that read tips. An identifier's
  // page opens across agencies (records of others show only their holder), so `other_agency`.
  'GET /api/v1/entities': {
    roles: ['hotline_operator', 'unit_supervisor', 'intel_analyst', 'investigator'],
    relation: 'none',
  },
  'GET /api/v1/entities/:id': {
    roles: ['hotline_operator', 'unit_supervisor', 'intel_analyst', 'investigator'],
    relation: 'other_agency',
    fixture: async (ctx) => onRecord(await identifierIn(ctx)),
  },
  // identifier merge and undo (entities.merge.ts, entities.policy.ts entities.merge): the roles that edit
  // entities, on identifiers linked to a record of their agency (investigators: their unit).
  'POST /api/v1/entities/:id/merge': {
    roles: ['unit_supervisor', 'intel_analyst', 'investigator'],
    relation: 'own_agency',
    status: 201,
    fixture: async (ctx) => {
      const pair = await identifierPairIn(ctx);
      return (
        pair && {
          params: { id: pair.mergedId },
          body: { intoId: pair.survivorId, reason: 'Matrix duplicate e-mail' },
        }
      );
    },
  },
  'POST /api/v1/entities/merges/:id/undo': {
    roles: ['unit_supervisor', 'intel_analyst', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord(await identifierMergeIn(ctx)),
  },
  // the link chart (entities.policy.ts entities.graph): the same readers; an identifier root opens across
  // agencies (records of others show only their holder).
  'GET /api/v1/graph': {
    roles: ['hotline_operator', 'unit_supervisor', 'intel_analyst', 'investigator'],
    relation: 'other_agency',
    relations: ['own_agency', 'other_agency'],
    fixture: async (ctx) => {
      // The route has no path parameters, so walks that know no relation ask with 'none': chart one's own.
      const id = await identifierIn(ctx.relation === 'none' ? { ...ctx, relation: 'own_agency' } : ctx);
      return id ? { query: { root: `identifier:${id}`, hops: '2' } } : undefined;
    },
  },

  // attach an identifier to a case (entities.attach.routes.ts; needs cases.update on the case)
  'POST /api/v1/cases/:id/identifiers': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    status: 201,
    fixture: async (ctx) =>
      onRecord((await caseIn(ctx))?.id, { kind: 'phone', value: '+85512366001', role: 'suspect' }),
  },
  // persons on cases (entities/persons.policy.ts): readers of the case list and read them (victims by
  // code outside the team), editors of the case attach, detach and merge.
  'POST /api/v1/cases/:id/persons': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    status: 201,
    fixture: async (ctx) =>
      onRecord((await caseIn(ctx))?.id, {
        person: { names: [{ name: 'Matrix Witness' }], dob: '1980' },
        role: 'witness',
      }),
  },
  'GET /api/v1/cases/:id/persons': {
    roles: ['unit_supervisor', 'investigator', 'intel_analyst', 'prosecutor', 'liaison_officer'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await personsOnCaseIn(ctx))?.caseId),
  },
  'DELETE /api/v1/cases/:id/persons/:linkId': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const on = await personsOnCaseIn(ctx);
      return on && { params: { id: on.caseId, linkId: on.persons[0]!.linkId } };
    },
  },
  'GET /api/v1/persons/:id': {
    roles: ['unit_supervisor', 'investigator', 'intel_analyst', 'prosecutor', 'liaison_officer'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await personsOnCaseIn(ctx))?.persons[0]?.personId),
  },
  'POST /api/v1/persons/:id/merge': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const on = await personsOnCaseIn(ctx, 2);
      return (
        on && {
          params: { id: on.persons[0]!.personId },
          body: { intoId: on.persons[1]!.personId, reason: 'Matrix duplicate person' },
        }
      );
    },
  },
  'POST /api/v1/persons/merges/:id/undo': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord(await personMergeIn(ctx)),
  },
  // a case's identifiers: the list (cases.read_full) and removing one link (cases.update)
  'GET /api/v1/cases/:id/identifiers': {
    roles: ['unit_supervisor', 'investigator', 'intel_analyst'],
    relation: 'own_agency',
    fixture: async (ctx) => onRecord((await caseIn(ctx))?.id),
  },
  'DELETE /api/v1/cases/:id/identifiers/:linkId': {
    roles: ['unit_supervisor', 'investigator'],
    relation: 'own_agency',
    fixture: async (ctx) => {
      const link = await caseIdentifierLinkIn(ctx);
      return link && { params: { id: link.caseId, linkId: link.linkId } };
    },
  },
};
