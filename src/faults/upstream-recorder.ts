/**
 * Keeps the upstream record (see `upstream-record.ts`) in a ring buffer: a fixed cap, the oldest
 * attempts dropped first and counted. Per request it costs one small object and a few field
 * writes; nothing is serialised until the record is read.
 */
import { BrownoutRangeError } from '../errors.ts';
import {
  UPSTREAM_RECORD_CAP,
  type UpstreamAttempt,
  type UpstreamEnd,
  type UpstreamRecordPage,
} from './upstream-record.ts';

/** Wall-clock epoch ms with sub-millisecond precision, comparable across processes. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface UpstreamQuery {
  /** Only attempts with a larger `seq`. */
  after?: number;
  /** At most this many attempts (default: all that are kept). */
  limit?: number;
}

type Usage = NonNullable<UpstreamAttempt['usage']>;

/** What a backend knows of an attempt when it opens it. */
export type AttemptFields = Pick<UpstreamAttempt, 'provider' | 'operation' | 'stream'> &
  Partial<Pick<UpstreamAttempt, 'key' | 'probe' | 'model' | 'fault'>>;

/**
 * One attempt in progress, as a backend reports it. Every method is safe to call after the end
 * (a late callback does nothing), and after the record was cleared (the attempt is no longer kept).
 */
export class AttemptTracker {
  /** Usage of a healthy answer, recorded once the whole answer went out. */
  private pendingUsage: Usage | undefined = undefined;
  /** The `model` of a healthy answer, recorded with its usage. */
  private pendingModel: string | undefined = undefined;
  /** The status the answer will carry once its headers go out. */
  private plannedStatus: number | undefined;

  constructor(readonly attempt: UpstreamAttempt) {}

  get seq(): number {
    return this.attempt.seq;
  }

  get ended(): boolean {
    return this.attempt.endMs !== undefined;
  }

  /** The answer planned for this attempt: its status, and the wait it advertises. */
  plan(status: number, advertisedWaitMs: number | undefined): void {
    this.plannedStatus = status;
    if (advertisedWaitMs !== undefined) this.attempt.advertisedWaitMs = advertisedWaitMs;
  }

  /** The answer is the healthy one: its usage and model count once it is complete. */
  answered(usage: Usage | undefined, model: string | undefined): void {
    // The three counts accounting needs (copied when the attempt completes); the breakdowns stay out.
    this.pendingUsage = usage;
    this.pendingModel = model || undefined;
  }

  /** The status line and headers went out. */
  headers(): void {
    if (this.ended || this.plannedStatus === undefined) return;
    this.attempt.status = this.plannedStatus;
  }

  /** One body chunk (an SSE event for streams) went out. */
  chunk(data: string): void {
    if (this.ended) return;
    this.attempt.chunks += 1;
    this.attempt.bytes += Buffer.byteLength(data);
  }

  /** A body handed over whole: its chunks count as the stream would have sent them. */
  wrote(chunks: ReadonlyArray<{ data: string }>): void {
    for (const chunk of chunks) if (chunk.data) this.chunk(chunk.data);
  }

  /** A body handed over whole whose chunk and byte counts are already known. */
  wroteCounted(chunks: number, bytes: number): void {
    if (this.ended) return;
    this.attempt.chunks += chunks;
    this.attempt.bytes += bytes;
  }

  /** The answer ended; the first call wins. */
  end(end: UpstreamEnd): void {
    if (this.ended) return;
    const attempt = this.attempt;
    attempt.endMs = epochMs();
    attempt.end = end;
    attempt.clientClosedEarly = end === 'client-closed';
    if (end === 'complete') {
      const usage = this.pendingUsage;
      if (usage) {
        attempt.usage = {
          prompt_tokens: usage.prompt_tokens,
          completion_tokens: usage.completion_tokens,
          total_tokens: usage.total_tokens,
        };
      }
      if (this.pendingModel) attempt.answeredModel = this.pendingModel;
    }
  }
}

/** The record of one injector: a ring buffer of attempts in arrival order. */
export class UpstreamRecorder {
  private ring: UpstreamAttempt[] = [];
  /** Index in `ring` of the oldest attempt kept. */
  private head = 0;
  private size = 0;
  private nextSeq = 1;
  private dropped = 0;

  constructor(private readonly cap: number = UPSTREAM_RECORD_CAP) {
    if (!Number.isInteger(cap) || cap < 1)
      throw new BrownoutRangeError(
        'BROWNOUT_UPSTREAM_RECORD_CAP',
        `upstream record cap must be an integer >= 1, got ${cap}`,
      );
  }

  /** Opens an attempt (end `hang` until it ends) and keeps it, dropping the oldest at the cap. */
  open(fields: AttemptFields): AttemptTracker {
    // Built field by field, in the record's key order, with no spread: one object per request.
    const attempt = {
      seq: this.nextSeq++,
      provider: fields.provider,
      operation: fields.operation,
      stream: fields.stream,
    } as UpstreamAttempt;
    if (fields.key !== undefined) attempt.key = fields.key;
    if (fields.probe !== undefined) attempt.probe = fields.probe;
    if (fields.model !== undefined) attempt.model = fields.model;
    if (fields.fault !== undefined) attempt.fault = fields.fault;
    attempt.startMs = epochMs();
    attempt.chunks = 0;
    attempt.bytes = 0;
    attempt.end = 'hang';
    attempt.clientClosedEarly = false;
    if (this.size < this.cap) {
      // Grows up to the cap, then is overwritten in place: never more than `cap` attempts.
      this.ring.push(attempt);
      this.size += 1;
    } else {
      this.ring[this.head] = attempt;
      this.head = (this.head + 1) % this.cap;
      this.dropped += 1;
    }
    return new AttemptTracker(attempt);
  }

  /** Forgets every attempt; `seq` starts again at 1. Attempts still open are no longer kept. */
  clear(): void {
    this.ring = [];
    this.head = 0;
    this.size = 0;
    this.nextSeq = 1;
    this.dropped = 0;
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
    for (let i = 0; i < count; i++) {
      const attempt = this.ring[(this.head + start + i) % this.ring.length] as UpstreamAttempt;
      attempts.push(snapshot(attempt));
    }
    const page: UpstreamRecordPage = { attempts, dropped: this.dropped };
    const last = attempts.at(-1);
    if (count < available && last) page.next = last.seq;
    return page;
  }
}

function snapshot(attempt: UpstreamAttempt): UpstreamAttempt {
  const copy = { ...attempt };
  if (attempt.fault) copy.fault = { ...attempt.fault };
  if (attempt.usage) copy.usage = { ...attempt.usage };
  return copy;
}
