/**
 * Group commit for the server's write methods (insert, upsert, delete,
 * kv.put, kv.delete). Calls queue their operation; once per event-loop turn
 * the queue goes out as one group, committed in ONE durable transaction
 * (write-group.ts) — in the writer thread when there is one (the commit's
 * fsync then never stalls the event loop), else here. While a group is
 * committing, new writes gather for the next one, so under load a commit
 * serves many callers. With a writer thread, the next group is sent while
 * the one before still commits (at most two out at once; the thread commits
 * them in order), so a busy event loop, slow to read a commit's answer, does
 * not hold the next commit back. Each caller is answered only after the commit that
 * holds its write is durable, with its own count (or its own error) and the
 * server's commit sequence.
 */
import type { Database } from '../index.js';
import type { DbThread } from './server-threads.js';
import { fromWireError } from './wire-error.js';
import { applyGroup, type GroupResult, type WriteOp } from './write-group.js';

interface Queued {
  readonly op: WriteOp;
  readonly resolve: (r: { count: number; sequence: number }) => void;
  readonly reject: (e: Error) => void;
}

export interface CommitSink {
  /** The server's commit sequence now. */
  readonly sequence: number;
  /** Records commits made in another thread (subscriptions hear of `tables`); returns the new sequence. */
  externalCommit(tables: readonly string[], commits: number): number;
}

/** Operations per group at most (a bound on one transaction's size). */
const MAX_GROUP = 512;
/** Groups sent to the writer thread and not yet answered, at most. */
const MAX_OUT = 2;

export class WriteBatcher {
  private queue: Queued[] = [];
  private scheduled = false;
  /** Groups committing now (in the writer thread: up to MAX_OUT; here: one at a time, synchronously). */
  private running = 0;
  /** Groups committed and operations in them (for metrics and tests). */
  groups = 0;
  operations = 0;

  constructor(
    private readonly db: Database,
    private readonly writer: DbThread | undefined,
    private readonly sink: CommitSink,
  ) {}

  /** Queues `op`; resolves once it is durable. */
  submit(op: WriteOp): Promise<{ count: number; sequence: number }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= MAX_OUT) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running >= MAX_OUT || this.queue.length === 0) return;
    this.running++;
    const group = this.queue.splice(0, MAX_GROUP);
    const ops = group.map((q) => q.op);
    try {
      let result: GroupResult;
      let sequence: number;
      if (this.writer !== undefined) {
        result = await this.writer.request<GroupResult>({ t: 'write', ops });
        sequence = result.commits > 0 ? this.sink.externalCommit(result.tables, result.commits) : this.sink.sequence;
      } else {
        result = applyGroup(this.db, ops); // the database's commit listener advances the sequence
        sequence = this.sink.sequence;
      }
      this.groups++;
      this.operations += ops.length;
      group.forEach((q, i) => {
        const outcome = result.outcomes[i];
        if (outcome === undefined) q.reject(new Error('the writer returned no outcome for a write'));
        else if (outcome.ok) q.resolve({ count: outcome.count, sequence });
        else q.reject(fromWireError(outcome.error));
      });
    } catch (e) {
      for (const q of group) q.reject(e as Error);
    } finally {
      this.running--;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
