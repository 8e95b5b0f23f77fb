/** Identifiers, the link chart, and identifiers and persons on cases (the entities module). */
export const ENTITY_FIELDS = {
  /** The link chart (issue 7): records of others are `hidden:<n>` nodes with only their holder. */
  linkChart: [
    'root',
    'hops',
    'truncated',
    'nodes',
    'nodes[].id',
    'nodes[].type',
    'nodes[].label',
    'nodes[].kind',
    'nodes[].status',
    'nodes[].holder',
    'nodes[].holder.agencyCode',
    'nodes[].holder.unitCode',
    'nodes[].depth',
    'nodes[].visible',
    'edges',
    'edges[].source',
    'edges[].target',
    'edges[].role',
  ],
  /** Identifiers (issue 5): the value is the entity; records of others carry only their holder. */
  entitySummary: ['id', 'kind', 'value', 'stopListed', 'recordCount', 'firstSeenAt', 'lastSeenAt'],
  entityDetail: [
    'id',
    'kind',
    'value',
    'stopListed',
    'recordCount',
    'firstSeenAt',
    'lastSeenAt',
    'records',
    'records[].recordType',
    'records[].id',
    'records[].reference',
    'records[].status',
    'records[].holder',
    'records[].holder.agencyCode',
    'records[].holder.unitCode',
    'records[].roles',
    'records[].visible',
    // Merges (entities.merge.ts): the survivor this one went into, identifiers merged into it.
    'mergedInto',
    ...['mergeId', 'id', 'value', 'mergedAt'].map((f) => `mergedInto.${f}`),
    'mergedFrom',
    ...['mergeId', 'id', 'value', 'mergedAt'].map((f) => `mergedFrom[].${f}`),
    'canMerge',
  ],
  /** A case's identifier links (entities.detach.ts), for full readers of the case. */
  caseIdentifierList: [
    'items',
    ...['linkId', 'identifierId', 'kind', 'value', 'role', 'stopListed', 'otherRecords'].map(
      (f) => `items[].${f}`,
    ),
  ],
  /**
   * Persons on a case (entities/persons.*): a victim outside the case team has `displayName` = its victim
   * code and `named` false; the same keys for every reader.
   */
  casePersons: [
    'items',
    ...['linkId', 'personId', 'role', 'displayName', 'victimCode', 'named', 'addedAt'].map(
      (f) => `items[].${f}`,
    ),
  ],
  /** One person's identity (decrypted); `limited` views carry empty names/DOB/passports. */
  personView: [
    'id',
    'agencyId',
    'limited',
    'displayName',
    'victimCode',
    'names',
    'names[].name',
    'names[].primary',
    'dob',
    'gender',
    'nationalities',
    'passports',
    'passports[].country',
    'passports[].number',
    'mergedInto',
  ],
} as const;
