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
export { type DeconflictRecord, type DeconflictResult, deconflict } from './entities.deconflict.ts';
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
  linkIdentifiers,
  moveRecordHolder,
  relatedRecords,
  TOO_COMMON,
} from './entities.linking.ts';
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
