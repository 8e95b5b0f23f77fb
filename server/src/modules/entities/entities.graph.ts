import { type Actor, authorize, can, type Resource } from '../../access/index.ts';
import type { HandlingCode } from '../../access/policy/rules.ts';
import { recordAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './entities.graph.repo.ts';
import type { Graph, GraphEdge, GraphNode, GraphNodeType, GraphQuery } from './entities.graph.schema.ts';

/**
 * The link chart (GET /api/v1/graph): the neighbourhood of a record, an identifier or a person, walked
 * breadth-first with ONE set-based query per half-hop (record → entities, entities → records), so a
 * 5,000-node neighbourhood costs 2 × hops neighbour queries plus a few batched head look-ups.
 *
 * What the viewer sees (documented in the module README):
 * - A record the viewer may read (tips.read, cases.read with its team, offenders.read) shows its
 *   reference and status and is walked through.
 * - A record the viewer may NOT read appears as a node labelled "held by <unit code>" (else the
 *   agency code) with an opaque id (`hidden:<n>`), no reference, no status — and it is a dead end: its
 *   own identifiers are never walked, since they are its content.
 * - A person is labelled (and walked through) only when the viewer may read one of the person's cases;
 *   otherwise it is a hidden dead end too. Names are not decrypted here: the label is the word "person"
 *   until the persons service supplies names (see README).
 * - Stop-listed identifiers (placeholders, too common…) are never nodes and never join anything.
 * The root itself must be readable (an identifier: any graph reader) or the answer is 404.
 */
export type GraphDeps = Pick<AppContext, 'database' | 'clock'>;

const READ_ACTION: Record<string, string | undefined> = {
  tip: 'tips.read',
  case: 'cases.read',
  register_entry: 'offenders.read',
};
const HEAD_TYPES = new Set<string>(['tip', 'case', 'register_entry']);

interface Walked {
  /** What the viewer gets for this node. */
  node: GraphNode;
  /** Whether the walk continues through it. */
  expand: boolean;
}

const key = (t: string, id: string) => `${t}:${id}`;

function holderLabel(agencyCode: string | null, unitCode: string | null): string {
  return `held by ${unitCode ?? agencyCode ?? 'another agency'}`;
}

/** Decide what each newly reached node shows, with batched look-ups per type. */
async function describe(
  tx: Executor,
  actor: Actor,
  refs: ReadonlyArray<repo.NodeRef & { depth: number; agencyCode: string | null; unitCode: string | null }>,
  hiddenCounter: { n: number },
): Promise<Map<string, Walked>> {
  const out = new Map<string, Walked>();
  const byType = new Map<string, string[]>();
  for (const r of refs) {
    const list = byType.get(r.t);
    if (list) list.push(r.id);
    else byType.set(r.t, [r.id]);
  }

  const heads = new Map<string, repo.GraphRecordHead>();
  for (const type of ['tip', 'case', 'register_entry'] as const) {
    for (const h of await repo.selectRecordHeads(tx, type, byType.get(type) ?? []))
      heads.set(key(type, h.id), h);
  }
  const idents = new Map<string, repo.GraphIdentifierRow>();
  for (const i of await repo.selectIdentifiers(tx, byType.get('identifier') ?? [])) idents.set(i.id, i);

  // A person opens when the viewer may read one of its cases.
  const personIds = byType.get('person') ?? [];
  const personCases = await repo.selectPersonCases(tx, personIds);
  const caseHeads = new Map<string, repo.GraphRecordHead>();
  for (const h of await repo.selectRecordHeads(
    tx,
    'case',
    personCases.map((p) => p.case_id),
  ))
    caseHeads.set(h.id, h);
  const readablePersons = new Set(
    personCases.filter((p) => canRead(actor, 'case', caseHeads.get(p.case_id))).map((p) => p.person_id),
  );

  const hidden = (r: (typeof refs)[number], type: GraphNodeType, holder?: GraphNode['holder']): Walked => {
    hiddenCounter.n += 1;
    return {
      node: {
        id: `hidden:${hiddenCounter.n}`,
        type,
        label: type === 'person' ? 'person' : holderLabel(r.agencyCode, r.unitCode),
        ...(holder ? { holder } : {}),
        depth: r.depth,
        visible: false,
      },
      expand: false,
    };
  };

  for (const r of refs) {
    const k = key(r.t, r.id);
    if (r.t === 'identifier') {
      const row = idents.get(r.id);
      if (!row) continue;
      out.set(k, {
        node: { id: k, type: 'identifier', label: row.value, kind: row.kind, depth: r.depth, visible: true },
        expand: row.stop_listed === null,
      });
    } else if (r.t === 'person') {
      out.set(
        k,
        readablePersons.has(r.id)
          ? { node: { id: k, type: 'person', label: 'person', depth: r.depth, visible: true }, expand: true }
          : hidden(r, 'person'),
      );
    } else {
      const head = heads.get(k);
      const holder = {
        agencyCode: head?.agency_code ?? r.agencyCode ?? '',
        unitCode: head ? head.unit_code : r.unitCode,
      };
      const type = r.t as GraphNodeType;
      if (HEAD_TYPES.has(r.t) && head && canRead(actor, r.t, head)) {
        out.set(k, {
          node: {
            id: k,
            type,
            label: head.reference,
            status: head.status,
            holder,
            depth: r.depth,
            visible: true,
          },
          expand: true,
        });
      } else {
        out.set(k, hidden({ ...r, agencyCode: holder.agencyCode, unitCode: holder.unitCode }, type, holder));
      }
    }
  }
  return out;
}

function canRead(actor: Actor, type: string, head: repo.GraphRecordHead | undefined): boolean {
  const action = READ_ACTION[type];
  if (!action || !head) return false;
  const resource: Resource = {
    type,
    id: head.id,
    agencyId: head.agency_id,
    unitId: head.unit_id,
    handling: head.handling as HandlingCode,
    ...(head.team ? { teamUserIds: head.team } : {}),
  };
  return can(actor, action, resource);
}

export async function getGraph(deps: GraphDeps, actor: Actor, query: GraphQuery): Promise<Graph> {
  authorize(actor, 'entities.graph');
  const [rootType, rawId] = query.root.split(':') as [string, string];
  const rootId = rawId.toLowerCase();
  return deps.database.db.transaction(async (tx) => {
    const hiddenCounter = { n: 0 };
    const rootWalk = await describe(
      tx,
      actor,
      [{ t: rootType, id: rootId, depth: 0, agencyCode: null, unitCode: null }],
      hiddenCounter,
    );
    const root = rootWalk.get(key(rootType, rootId));
    // A root the viewer may not read answers exactly like one that does not exist.
    if (!root?.node.visible) throw AppError.notFound();

    const seen = new Map<string, Walked>([[key(rootType, rootId), root]]);
    const edges = new Map<string, GraphEdge>();
    let frontier: repo.NodeRef[] = root.expand ? [{ t: rootType, id: rootId }] : [];
    let truncated = false;
    // A hop is record → entity → record: two half-steps. From an entity root, entity → record → entity.
    for (let half = 1; half <= query.hops * 2 && frontier.length > 0; half++) {
      const depth = Math.ceil(half / 2);
      // Enough rows to fill the node budget with room for edges between nodes already seen.
      const cap = (query.limit + 1) * 4;
      const rows = await repo.selectNeighbours(tx, frontier, cap);
      if (rows.length >= cap) truncated = true;
      const fresh = new Map<
        string,
        repo.NodeRef & { depth: number; agencyCode: string | null; unitCode: string | null }
      >();
      for (const r of rows) {
        const k = key(r.to_t, r.to_id);
        if (seen.has(k) || fresh.has(k)) continue;
        if (seen.size + fresh.size >= query.limit) {
          truncated = true;
          continue;
        }
        fresh.set(k, { t: r.to_t, id: r.to_id, depth, agencyCode: r.agency_code, unitCode: r.unit_code });
      }
      const described = await describe(tx, actor, [...fresh.values()], hiddenCounter);
      for (const [k, w] of described) seen.set(k, w);
      for (const r of rows) {
        const from = seen.get(key(r.from_t, r.from_id));
        const to = seen.get(key(r.to_t, r.to_id));
        if (!from || !to) continue;
        // Records are the edge's source, entities its target, whichever way the walk went.
        const toIsEntity = r.to_t === 'identifier' || (r.to_t === 'person' && r.from_t !== 'identifier');
        const [source, target] = toIsEntity ? [from.node.id, to.node.id] : [to.node.id, from.node.id];
        edges.set(`${source}|${target}|${r.role}`, { source, target, role: r.role });
      }
      frontier = [...described]
        .filter(([, w]) => w.expand)
        .map(([k]) => {
          const i = k.indexOf(':');
          return { t: k.slice(0, i), id: k.slice(i + 1) };
        });
    }

    const nodes = [...seen.values()].map((w) => w.node);
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'entities.graph',
      objectType: rootType,
      objectId: rootId,
      outcome: 'success',
      ip: actor.ip,
      requestId: actor.requestId,
      details: {
        hops: query.hops,
        nodes: nodes.length,
        hidden: nodes.filter((n) => !n.visible).length,
        edges: edges.size,
        truncated,
      },
    });
    return { root: key(rootType, rootId), hops: query.hops, nodes, edges: [...edges.values()], truncated };
  });
}
