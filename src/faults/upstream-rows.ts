/**
 * The attempts of the upstream record, kept by column: typed arrays for the numbers, arrays for
 * the (shared) strings. Tens of thousands of live attempt objects are what the garbage collector
 * copies and promotes on every scavenge; numbers in typed arrays cost it nothing. Objects are
 * built only when the record is read ({@link AttemptRows.snapshot}).
 */

import type { UpstreamAttempt, UpstreamEnd, UpstreamOperation } from './upstream-record.ts';

/** Ends and operations by their code in the columns; `hang` (0) is how every attempt opens. */
const ENDS: readonly UpstreamEnd[] = ['hang', 'complete', 'reset', 'client-closed'];
const OPERATIONS: readonly UpstreamOperation[] = ['chat', 'hub-model-info', 'models', 'other'];
const STREAM = 1;
const CLIENT_CLOSED = 2;
const HAS_USAGE = 4;

type Usage = NonNullable<UpstreamAttempt['usage']>;

/** What a backend knows of an attempt when it opens it. */
export type AttemptFields = Pick<UpstreamAttempt, 'provider' | 'operation' | 'stream'> &
  Partial<Pick<UpstreamAttempt, 'key' | 'probe' | 'model' | 'fault'>>;

export class AttemptRows {
  /** Which attempt holds the row (a serial number never reused), 0 for none. */
  serial = new Float64Array(0);
  seq = new Float64Array(0);
  startMs = new Float64Array(0);
  /** NaN while the attempt is open. */
  endMs = new Float64Array(0);
  /** NaN when the answer advertised no wait. */
  waitMs = new Float64Array(0);
  chunks = new Float64Array(0);
  bytes = new Float64Array(0);
  promptTokens = new Float64Array(0);
  completionTokens = new Float64Array(0);
  totalTokens = new Float64Array(0);
  /** 0 until the headers went out. */
  status = new Uint16Array(0);
  flags = new Uint8Array(0);
  end = new Uint8Array(0);
  operation = new Uint8Array(0);
  provider: string[] = [];
  key: Array<string | undefined> = [];
  probe: Array<string | undefined> = [];
  model: Array<string | undefined> = [];
  fault: Array<UpstreamAttempt['fault']> = [];
  answeredModel: Array<string | undefined> = [];

  /** Fills `row` with a new attempt, open (`hang`) and with nothing written yet. */
  write(row: number, serial: number, seq: number, fields: AttemptFields, startMs: number): void {
    this.serial[row] = serial;
    this.seq[row] = seq;
    this.provider[row] = fields.provider;
    this.operation[row] = OPERATIONS.indexOf(fields.operation);
    this.flags[row] = fields.stream ? STREAM : 0;
    this.key[row] = fields.key;
    this.probe[row] = fields.probe;
    this.model[row] = fields.model;
    this.fault[row] = fields.fault;
    this.startMs[row] = startMs;
    this.endMs[row] = Number.NaN;
    this.waitMs[row] = Number.NaN;
    this.status[row] = 0;
    this.chunks[row] = 0;
    this.bytes[row] = 0;
    this.end[row] = 0;
    this.answeredModel[row] = undefined;
  }

  /** The attempt in `row` ended. */
  ended(row: number, end: UpstreamEnd, endMs: number): void {
    this.endMs[row] = endMs;
    this.end[row] = ENDS.indexOf(end);
    if (end === 'client-closed') this.flags[row] = (this.flags[row] as number) | CLIENT_CLOSED;
  }

  /** The usage (its three counts) and model of the healthy answer `row` completed. */
  answered(row: number, usage: Usage | undefined, model: string | undefined): void {
    if (usage) {
      this.flags[row] = (this.flags[row] as number) | HAS_USAGE;
      this.promptTokens[row] = usage.prompt_tokens;
      this.completionTokens[row] = usage.completion_tokens;
      this.totalTokens[row] = usage.total_tokens;
    }
    if (model) this.answeredModel[row] = model;
  }

  /** The attempt in `row` as an object, its keys in the record's order (as JSON shows them). */
  snapshot(row: number): UpstreamAttempt {
    const flags = this.flags[row] as number;
    const attempt = {
      seq: this.seq[row],
      provider: this.provider[row],
      operation: OPERATIONS[this.operation[row] as number],
      stream: (flags & STREAM) !== 0,
    } as UpstreamAttempt;
    const key = this.key[row];
    if (key !== undefined) attempt.key = key;
    const probe = this.probe[row];
    if (probe !== undefined) attempt.probe = probe;
    const model = this.model[row];
    if (model !== undefined) attempt.model = model;
    const fault = this.fault[row];
    if (fault !== undefined) attempt.fault = { ...fault };
    attempt.startMs = this.startMs[row] as number;
    attempt.chunks = this.chunks[row] as number;
    attempt.bytes = this.bytes[row] as number;
    attempt.end = ENDS[this.end[row] as number] as UpstreamEnd;
    attempt.clientClosedEarly = (flags & CLIENT_CLOSED) !== 0;
    // Then what became known later, in the order it always comes: plan, headers, end.
    const waitMs = this.waitMs[row] as number;
    if (!Number.isNaN(waitMs)) attempt.advertisedWaitMs = waitMs;
    const status = this.status[row] as number;
    if (status !== 0) attempt.status = status;
    const endMs = this.endMs[row] as number;
    if (!Number.isNaN(endMs)) attempt.endMs = endMs;
    if ((flags & HAS_USAGE) !== 0) {
      attempt.usage = {
        prompt_tokens: this.promptTokens[row] as number,
        completion_tokens: this.completionTokens[row] as number,
        total_tokens: this.totalTokens[row] as number,
      };
    }
    const answeredModel = this.answeredModel[row];
    if (answeredModel !== undefined) attempt.answeredModel = answeredModel;
    return attempt;
  }

  /** Makes room for `rows` rows, keeping the first `keep` (an empty record keeps none). */
  resize(rows: number, keep: number): void {
    const kept = Math.min(rows, keep);
    const floats = (old: Float64Array) => {
      const next = new Float64Array(rows);
      next.set(old.subarray(0, kept));
      return next;
    };
    const small = <A extends Uint8Array | Uint16Array>(old: A, next: A): A => {
      next.set(old.subarray(0, kept));
      return next;
    };
    this.serial = floats(this.serial);
    this.seq = floats(this.seq);
    this.startMs = floats(this.startMs);
    this.endMs = floats(this.endMs);
    this.waitMs = floats(this.waitMs);
    this.chunks = floats(this.chunks);
    this.bytes = floats(this.bytes);
    this.promptTokens = floats(this.promptTokens);
    this.completionTokens = floats(this.completionTokens);
    this.totalTokens = floats(this.totalTokens);
    this.status = small(this.status, new Uint16Array(rows));
    this.flags = small(this.flags, new Uint8Array(rows));
    this.end = small(this.end, new Uint8Array(rows));
    this.operation = small(this.operation, new Uint8Array(rows));
    for (const column of [this.provider, this.key, this.probe, this.model, this.fault, this.answeredModel])
      column.length = kept;
  }
}
