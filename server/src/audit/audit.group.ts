import type { Executor } from '../platform/db/index.ts';
import { AppError } from '../platform/errors.ts';
import { type AuditEventInput, appendAuditEvents } from './audit.writer.ts';

export interface AuditGroupOptions {
  /** Most events written by one statement; the rest wait for the next. */
  maxEvents?: number;
  /**
   * Send the next group while the current one is being written (PostgreSQL only; one more
   * connection): it waits for the audit lock inside the database. Measured no better than one group
   * at a time (bench/_audit-group-ab.ts), so off by default and not used by the border check.
   */
  pipeline?: boolean;
  /**
   * Wait this long before sending a group. PGlite runs every statement on the event loop, one at a
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
 * answers): the events waiting are written together by ONE statement sent on its own
 * (`appendAuditEvents`: the lock, the head and the chained rows `recordAudit` would write, in arrival
 * order), which is its own transaction. `record` resolves only once that statement has committed, so
 * the caller answers only when its event is durable — never unaudited; when the write fails, every
 * event of the group is refused with the same clear error and nothing of it is kept.
 *
 * Why: each `recordAudit` transaction holds the global audit lock until its COMMIT, a round trip
 * through the node event loop; with one loop busy matching and serving 200 checks/s those windows
 * stretched and the checks queued behind the lock (bench/border-check.ts `--profile`: the lock held
 * 40% of the time, 33% waiting for node). One statement per group instead: the lock is taken and
 * released inside the database. Anything that writes more than its event must keep it in its own
 * transaction (`recordAudit` in the caller's transaction).
 *
 * Batching needs no timer: while a group is being written, the events arriving wait and go together
 * in the next; a group is sent after the current turn of the event loop, so events raised in the
 * same turn (requests read together) share it.
 */
export class AuditGroupWriter {
  private pending: Waiter[] = [];
  /** Groups being written. */
  private inFlight = 0;
  /** A group is due to be sent (after this turn, or after `gatherMs`). */
  private scheduled = false;
  private readonly maxEvents: number;
  private readonly maxInFlight: number;
  private readonly gatherMs: number;
  private groups = 0;
  private events = 0;

  constructor(
    private readonly db: Pick<Executor, 'execute'>,
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
      this.schedule();
    });
  }

  /** Groups written and events in them (tests, benchmark profile). */
  get stats(): { groups: number; events: number } {
    return { groups: this.groups, events: this.events };
  }

  private schedule(): void {
    if (this.pending.length === 0 || this.scheduled || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    const send = () => {
      this.scheduled = false;
      void this.writeGroup();
    };
    if (this.gatherMs > 0) setTimeout(send, this.gatherMs);
    else setImmediate(send);
  }

  private async writeGroup(): Promise<void> {
    if (this.pending.length === 0 || this.inFlight >= this.maxInFlight) return;
    this.inFlight++;
    const group = this.pending.splice(0, this.maxEvents);
    this.schedule(); // with `pipeline`, the next group goes now and waits for the lock in the database
    try {
      const positions = await appendAuditEvents(
        this.db as Executor,
        group.map((g) => g.event),
      );
      this.groups++;
      this.events += group.length;
      group.forEach((g, i) => {
        g.resolve(positions[i]!);
      });
    } catch {
      // The database's text is not passed on (it may quote a row); the count and action name it.
      const action = group[0]?.event.action ?? 'audit';
      for (const g of group) {
        g.reject(
          new AppError(
            'unavailable',
            `The audit log could not be written (group of ${group.length} '${action}' events), so the operation was not completed; try again`,
          ),
        );
      }
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}
