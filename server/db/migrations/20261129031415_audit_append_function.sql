-- Append audit events in ONE statement: take the audit lock, then read the head and insert the events
-- chained row by row (the hash expression recordAudit used: SHA-256 over hex(prev) + `[position` + the
-- canonical tail built by the server). Before this, a writer sent the lock and the insert as two
-- statements and held the lock across the round trip between them — and, for a statement sent on its
-- own (the border check's group commit), across its COMMIT as well; under load those node round trips
-- were most of the time the lock was held. Called alone, the statement is its own transaction: the lock
-- is released at its end inside the database.
-- Each statement of a VOLATILE PL/pgSQL function takes a fresh snapshot under READ COMMITTED, so the
-- head read after the lock sees every event committed before it was granted (one SQL statement taking
-- the lock itself would read with the snapshot it started with). The lock id and the genesis hash are
-- passed in: the server keeps their one definition. The verifier recomputes every hash itself.
CREATE OR REPLACE FUNCTION karpear_audit_append(lock_id bigint, genesis bytea, events json)
  RETURNS SETOF bigint LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(lock_id);
  RETURN QUERY
  WITH RECURSIVE v AS (
    SELECT * FROM json_to_recordset(events) AS v(i int, at text, a uuid, g uuid, ac text,
      ot text, oi text, o text, ip text, r text, j text, d jsonb, t text)
  ), chain (i, position, prev, hash) AS (
    SELECT 0, coalesce(last.position, 0), NULL::bytea, coalesce(last.hash, genesis)
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT l.position, l.hash FROM audit_log l ORDER BY l.position DESC LIMIT 1) last ON true
    UNION ALL
    SELECT v.i, c.position + 1, c.hash,
           sha256(convert_to(encode(c.hash, 'hex') || '[' || (c.position + 1)::text || v.t, 'UTF8'))
    FROM chain c JOIN v ON v.i = c.i + 1
  )
  INSERT INTO audit_log AS l (position, at, actor_id, agency_id, action, object_type, object_id, outcome, ip,
                              request_id, justification, details, prev_hash, hash)
  SELECT c.position, v.at::timestamptz, v.a, v.g, v.ac, v.ot, v.oi, v.o, v.ip, v.r, v.j, v.d, c.prev, c.hash
  FROM chain c JOIN v ON v.i = c.i
  ORDER BY c.position
  RETURNING l.position;
END;
$$;
