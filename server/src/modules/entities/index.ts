/**
 * The entities module's public surface: the pure normalisers and stop-list for identifiers (e-mail,
 * phone, IP, username, URL, device, passport, name), and linking records (tips, cases…) through them:
 * `linkIdentifiers`, `identifiersOfRecord`, `relatedRecords`, `moveRecordHolder`,
 * `normaliseIdentifierInput`, plus `clusterSizes` for link analysis and benchmarks.
 */

export { caseEntitiesRoutes } from './entities.attach.routes.ts';
export { type AttachResult, attachIdentifierToCase, CASE_ENTITY_ROLES } from './entities.attach.ts';
export {
  ClusterBuilder,
  type ClusterReport,
  clusterSizes,
  clusterSizesOf,
  loadClusterLinks,
} from './entities.clusters.ts';
export { deconflictMany } from './entities.deconflict.many.ts';
export { type DeconflictRecord, type DeconflictResult, deconflict } from './entities.deconflict.ts';
export { detachIdentifierFromCase, listCaseIdentifiers } from './entities.detach.ts';
export { graphRoutes } from './entities.graph.routes.ts';
export {
  type Graph,
  type GraphEdge,
  type GraphNode,
  type GraphQuery,
  graphQuerySchema,
  graphSchema,
} from './entities.graph.schema.ts';
export { getGraph } from './entities.graph.ts';
export { type NormalisedInput, normaliseIdentifierInput } from './entities.input.ts';
export {
  DEFAULT_MIN_COUNT_FOR_SHARE,
  DEFAULT_SHARE_LIMIT,
  identifiersOfRecord,
  isShareCheckpoint,
  type LinkCall,
  type LinkPlan,
  linkIdentifiers,
  linkIdentifiersMany,
  moveRecordHolder,
  planLinks,
  relatedRecords,
  TOO_COMMON,
} from './entities.linking.ts';
export { entityMergeRoutes } from './entities.merge.routes.ts';
export { mergeIdentifier, undoIdentifierMerge } from './entities.merge.ts';
export { ENTITIES_POLICY } from './entities.policy.ts';
export { entitiesRoutes } from './entities.routes.ts';
export { identifierLinks, identifiers } from './entities.tables.ts';
export {
  type IdentifierKindName,
  LINKED_RECORD_TYPES,
  type LinkedRecord,
  type LinkedRecordType,
  type LinkItem,
  type LinkOptions,
  type LinkResult,
  type RecordIdentifier,
  type RelatedRecord,
  STORED_IDENTIFIER_KINDS,
  type StoredIdentifierKind,
} from './entities.types.ts';
export * from './normalise/index.ts';
export { mergePerson, undoPersonMerge } from './persons.merge.ts';
export { PERSONS_POLICY } from './persons.policy.ts';
export { personsRoutes } from './persons.routes.ts';
export {
  attachPersonToCase,
  detachPersonFromCase,
  getPerson,
  listCasePersons,
  reindexPersonKeys,
} from './persons.service.ts';
