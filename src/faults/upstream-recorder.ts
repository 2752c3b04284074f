/**
 * Keeps the upstream record (see `upstream-record.ts`) in a ring buffer: a fixed cap, the oldest
 * attempts dropped first and counted. The ring is kept by column (typed arrays for numbers, arrays
 * of shared strings), not as one object per attempt: tens of thousands of live attempt objects
 * are what the garbage collector copies and promotes on every scavenge, and under load that cost
 * more than the rest of the record. Per request: a few array writes and one short-lived tracker;
 * attempt objects are only built when the record is read.
 */
import { BrownoutRangeError } from '../errors.ts';
import {
  UPSTREAM_RECORD_CAP,
  type UpstreamAttempt,
  type UpstreamEnd,
  type UpstreamRecordPage,
} from './upstream-record.ts';
import { type AttemptFields, AttemptRows } from './upstream-rows.ts';

/** Read once: the `performance.timeOrigin` getter costs more than `performance.now()` itself. */
const TIME_ORIGIN = performance.timeOrigin;

/** Wall-clock epoch ms with sub-millisecond precision, comparable across processes. */
export function epochMs(): number {
  return TIME_ORIGIN + performance.now();
}

export interface UpstreamQuery {
  /** Only attempts with a larger `seq`. */
  after?: number;
  /** At most this many attempts (default: all that are kept). */
  limit?: number;
}

type Usage = NonNullable<UpstreamAttempt['usage']>;

/** Rows allocated at first; the columns double up to the cap as the record fills. */
const FIRST_ROWS = 1024;

export type { AttemptFields } from './upstream-rows.ts';

/**
 * One attempt in progress, as a backend reports it. Every method is safe to call after the end
 * (a late callback does nothing), after the attempt was dropped at the cap, and after the record
 * was cleared (the attempt is no longer kept: its row may hold another attempt, which the serial
 * number tells apart).
 */
export class AttemptTracker {
  /** Usage of a healthy answer, recorded once the whole answer went out. */
  private pendingUsage: Usage | undefined = undefined;
  /** The `model` of a healthy answer, recorded with its usage. */
  private pendingModel: string | undefined = undefined;
  /** The status the answer will carry once its headers go out. */
  private plannedStatus: number | undefined = undefined;

  constructor(
    private readonly record: AttemptRows,
    private readonly row: number,
    private readonly serial: number,
    readonly seq: number,
  ) {}

  /** Still in the record, and still open. */
  private get open(): boolean {
    const r = this.record;
    return r.serial[this.row] === this.serial && Number.isNaN(r.endMs[this.row] as number);
  }

  get ended(): boolean {
    return !this.open;
  }

  /** A copy of the attempt as recorded now, or undefined once it is no longer kept. */
  get attempt(): UpstreamAttempt | undefined {
    return this.record.serial[this.row] === this.serial ? this.record.snapshot(this.row) : undefined;
  }

  /** The answer planned for this attempt: its status, and the wait it advertises. */
  plan(status: number, advertisedWaitMs: number | undefined): void {
    this.plannedStatus = status;
    if (advertisedWaitMs !== undefined && this.open) this.record.waitMs[this.row] = advertisedWaitMs;
  }

  /** The answer is the healthy one: its usage and model count once it is complete. */
  answered(usage: Usage | undefined, model: string | undefined): void {
    // The three counts accounting needs (copied when the attempt completes); the breakdowns stay out.
    this.pendingUsage = usage;
    this.pendingModel = model || undefined;
  }

  /** The status line and headers went out. */
  headers(): void {
    if (this.plannedStatus === undefined || !this.open) return;
    this.record.status[this.row] = this.plannedStatus;
  }

  /** One body chunk (an SSE event for streams) went out. */
  chunk(data: string): void {
    this.wroteCounted(1, Buffer.byteLength(data));
  }

  /** A body handed over whole: its chunks count as the stream would have sent them. */
  wrote(chunks: ReadonlyArray<{ data: string }>): void {
    for (const chunk of chunks) if (chunk.data) this.chunk(chunk.data);
  }

  /** A body handed over whole whose chunk and byte counts are already known. */
  wroteCounted(chunks: number, bytes: number): void {
    if (!this.open) return;
    const r = this.record;
    r.chunks[this.row] = (r.chunks[this.row] as number) + chunks;
    r.bytes[this.row] = (r.bytes[this.row] as number) + bytes;
  }

  /** The answer ended; the first call wins. */
  end(end: UpstreamEnd): void {
    if (!this.open) return;
    const r = this.record;
    const row = this.row;
    r.ended(row, end, epochMs());
    if (end === 'complete') r.answered(row, this.pendingUsage, this.pendingModel);
  }
}

/** The record of one injector: a ring buffer of attempts in arrival order, kept by column. */
export class UpstreamRecorder {
  /** Rows allocated (grows to the cap); the ring wraps at the cap. */
  private allocated = 0;
  /** Row of the oldest attempt kept. */
  private head = 0;
  private size = 0;
  private nextSeq = 1;
  private dropped = 0;
  /** Never reset: tells an attempt from a later one in the same row. */
  private serials = 0;

  /** The attempts kept, by row (read and written by the trackers). */
  readonly rows = new AttemptRows();

  constructor(private readonly cap: number = UPSTREAM_RECORD_CAP) {
    if (!Number.isInteger(cap) || cap < 1)
      throw new BrownoutRangeError(
        'BROWNOUT_UPSTREAM_RECORD_CAP',
        `upstream record cap must be an integer >= 1, got ${cap}`,
      );
  }

  /** Opens an attempt (end `hang` until it ends) and keeps it, dropping the oldest at the cap. */
  open(fields: AttemptFields): AttemptTracker {
    let row: number;
    if (this.size < this.cap) {
      // The ring has not wrapped yet: the head is row 0, and the next row is `size`.
      if (this.size === this.allocated) this.grow();
      row = this.size;
      this.size += 1;
    } else {
      row = this.head;
      this.head = (this.head + 1) % this.cap;
      this.dropped += 1;
    }
    const serial = ++this.serials;
    const seq = this.nextSeq++;
    this.rows.write(row, serial, seq, fields, epochMs());
    return new AttemptTracker(this.rows, row, serial, seq);
  }

  /** Forgets every attempt; `seq` starts again at 1. Attempts still open are no longer kept. */
  clear(): void {
    this.allocated = 0;
    this.head = 0;
    this.size = 0;
    this.nextSeq = 1;
    this.dropped = 0;
    this.rows.resize(0, 0);
  }

  /** A page of the record, in `seq` order (copies: the caller may keep them). */
  page(query: UpstreamQuery = {}): UpstreamRecordPage {
    const oldestSeq = this.nextSeq - this.size;
    const after = Math.max(query.after ?? 0, oldestSeq - 1);
    const start = after - oldestSeq + 1;
    const available = Math.max(0, this.size - start);
    const limit = query.limit === undefined ? available : Math.max(0, Math.floor(query.limit));
    const count = Math.min(available, limit);
    const attempts: UpstreamAttempt[] = [];
    for (let i = 0; i < count; i++)
      attempts.push(this.rows.snapshot((this.head + start + i) % this.allocated));
    const page: UpstreamRecordPage = { attempts, dropped: this.dropped };
    const last = attempts.at(-1);
    if (count < available && last) page.next = last.seq;
    return page;
  }

  /** Doubles the rows, up to the cap (only before the ring wraps: rows are in seq order). */
  private grow(): void {
    this.allocated = Math.min(this.cap, Math.max(FIRST_ROWS, this.allocated * 2));
    this.rows.resize(this.allocated, this.size);
  }
}
