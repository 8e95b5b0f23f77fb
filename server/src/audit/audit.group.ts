import type { Database } from '../platform/db/index.ts';
import { AppError } from '../platform/errors.ts';
import { type AuditEventInput, appendAuditEventsLocked, lockAuditLog } from './audit.writer.ts';

export interface AuditGroupOptions {
  /** Most events written by one transaction; the rest wait for the next. */
  maxEvents?: number;
  /**
   * Open the next group's transaction while the current one commits, so it is granted the audit lock
   * the moment that commit lands (PostgreSQL only; one more connection). Measured no better than one
   * group at a time (bench/_audit-group-ab.ts: p99 12–24 ms against 8–14 ms at 200 events/s), so off
   * by default and not used by the border check.
   */
  pipeline?: boolean;
  /**
   * Wait this long before opening a group. PGlite runs every statement on the event loop, one at a
   * time: a check's session lookup queues behind the group being written, so without a pause each
   * check reached the writer alone (measured: 1,977 groups for 1,977 checks at 98 checks/s).
   */
  gatherMs?: number;
}

interface Waiter {
  event: AuditEventInput;
  resolve: (position: number) => void;
  reject: (err: Error) => void;
}

/**
 * Group commit for operations whose only write is their audit event (the border check's no-hit
 * answers): events are written in groups, ONE transaction each — the lock, then one statement
 * (`appendAuditEventsLocked`: the rows `recordAudit` would write, in arrival order). `record` resolves only once that transaction has
 * committed, so the caller answers only when its event is durable — never unaudited; when the write
 * fails, every event of the group is refused with the same clear error and nothing of it is kept.
 *
 * Why: each `recordAudit` transaction holds the global audit lock across round trips that need the
 * node event loop; with one loop busy matching and serving 200 checks/s those windows stretched and
 * the checks queued behind the lock (bench/border-check.ts `--profile`: 6.4 of 10 pool connections
 * waiting for the lock, its holder idle waiting for node 73% of the time). One lock window per group
 * instead of one per check. Anything that writes more than its event must keep it in its own
 * transaction (`recordAudit` in the caller's transaction).
 *
 * Batching needs no timer: a group's transaction takes the lock first and only then takes the events
 * waiting (all that arrived while it waited); those arriving later go to the next group.
 */
export class AuditGroupWriter {
  private pending: Waiter[] = [];
  /** Open group transactions. */
  private inFlight = 0;
  /** A group transaction that has not taken its events yet: new events will be its. */
  private gathering = false;
  private readonly maxEvents: number;
  private readonly maxInFlight: number;
  private readonly gatherMs: number;
  private groups = 0;
  private events = 0;

  constructor(
    private readonly db: Pick<Database, 'transaction'>,
    options: AuditGroupOptions = {},
  ) {
    this.maxEvents = options.maxEvents ?? 500;
    this.maxInFlight = options.pipeline ? 2 : 1;
    this.gatherMs = options.gatherMs ?? 0;
  }

  /** Resolves to the event's position once its group has committed. */
  record(event: AuditEventInput): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      this.startGroup();
    });
  }

  /** Groups written and events in them (tests, benchmark profile). */
  get stats(): { groups: number; events: number } {
    return { groups: this.groups, events: this.events };
  }

  private startGroup(): void {
    if (this.pending.length === 0 || this.gathering || this.inFlight >= this.maxInFlight) return;
    this.inFlight++;
    this.gathering = true;
    if (this.gatherMs > 0) setTimeout(() => void this.writeGroup(), this.gatherMs);
    else void this.writeGroup();
  }

  private async writeGroup(): Promise<void> {
    let group: Waiter[] | null = null;
    try {
      const positions = await this.db.transaction(async (tx) => {
        await lockAuditLog(tx); // waits for the previous group's commit
        this.gathering = false;
        group = this.pending.splice(0, this.maxEvents);
        this.startGroup(); // the next group queues on the lock while this one writes
        return appendAuditEventsLocked(
          tx,
          group.map((g) => g.event),
        );
      });
      const written = group as Waiter[] | null;
      if (written && written.length > 0) {
        this.groups++;
        this.events += written.length;
        written.forEach((g, i) => {
          g.resolve(positions[i]!);
        });
      }
    } catch {
      // Failed before taking its events (connection, lock timeout): refuse those it would have taken,
      // or a dead database would have them retried for ever.
      const failed: Waiter[] = group ?? this.pending.splice(0, this.maxEvents);
      // The database's text is not passed on (it may quote a row); the count and action name it.
      const action = failed[0]?.event.action ?? 'audit';
      for (const g of failed) {
        g.reject(
          new AppError(
            'unavailable',
            `The audit log could not be written (group of ${failed.length} '${action}' events), so the operation was not completed; try again`,
          ),
        );
      }
    } finally {
      this.inFlight--;
      if (group === null) this.gathering = false; // it failed while gathering
      this.startGroup();
    }
  }
}
