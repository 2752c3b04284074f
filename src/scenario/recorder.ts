import type { HistoryRecord } from '../history/history.ts';
import type { AttemptRecord } from '../router/errors.ts';
import { validateChunk, validateCompletion } from '../router/schema.ts';
import { errorFacts, keepErrorFacts } from '../systems/error-facts.ts';
import type { ObservedRoute, SystemUnderTest } from '../systems/system-under-test.ts';
import { readAnswerEcho } from './answer-echo.ts';
import { boundedCall, boundedStream } from './bounded-call.ts';
import type { PlannedRequest } from './traffic.ts';

const SAMPLE_CHARS = 160;
/** Text kept to find the echo in (the rest is not needed). */
const TEXT_CHARS = 100_000;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  retryAfterMs?: unknown;
  attempts?: unknown;
  status?: unknown;
}

function describeError(error: unknown): NonNullable<HistoryRecord['error']> {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const out: NonNullable<HistoryRecord['error']> = {
    code: typeof e.code === 'string' ? e.code : 'untyped',
    message: typeof e.message === 'string' ? e.message.slice(0, 500) : String(error).slice(0, 500),
  };
  if (typeof e.retryAfterMs === 'number') out.retryAfterMs = e.retryAfterMs;
  if (typeof e.status === 'number') out.status = e.status;
  const { name, reason } = errorFacts(error);
  if (name !== undefined) out.name = name;
  if (reason !== undefined) out.reason = reason;
  return out;
}

function attemptsOf(route: ObservedRoute | undefined, error: unknown): AttemptRecord[] {
  if (route?.attempts) return route.attempts;
  const attempts = (error as ErrorLike | undefined)?.attempts;
  return Array.isArray(attempts) ? (attempts as AttemptRecord[]) : [];
}

/** The answer's own `model` and `usage`, when it carried them. */
function accountingOf(value: unknown, into: NonNullable<HistoryRecord['answer']>): void {
  const v = value as { model?: unknown; usage?: unknown } | undefined;
  if (typeof v?.model === 'string' && into.model === undefined) into.model = v.model;
  if (v?.usage !== undefined && v.usage !== null) into.usage = v.usage;
}

function firstChoice(value: unknown): { finish?: unknown; text?: unknown } {
  const choice = (value as { choices?: Array<Record<string, unknown>> } | undefined)?.choices?.[0];
  if (!choice) return {};
  const message = (choice.message ?? choice.delta) as { content?: unknown } | undefined;
  return { finish: choice.finish_reason, text: message?.content };
}

/**
 * Sends one planned request to the system under test and writes down what the caller saw:
 * one `HistoryRecord`, with attempts shifted to scenario time. Never throws.
 */
export async function recordRequest(
  sut: SystemUnderTest,
  planned: PlannedRequest,
  scenarioStart: number,
  signal: AbortSignal,
  requestTimeoutMs: number,
  key?: string,
): Promise<HistoryRecord> {
  const invoke = performance.now();
  const invokeMs = invoke - scenarioStart;
  const record: HistoryRecord = {
    index: planned.index,
    stream: planned.stream,
    invokeMs,
    endMs: invokeMs,
    latencyMs: 0,
    completion: 'fail',
    attempts: [],
    skipped: [],
    answers: 0,
  };
  if (key !== undefined) record.key = key;
  const answer: NonNullable<HistoryRecord['answer']> = {};
  let fullText = '';
  // The client's own bound: whatever the system does, the runner never waits forever.
  const clientTimeout = AbortSignal.timeout(requestTimeoutMs);
  const requestSignal = AbortSignal.any([signal, clientTimeout]);
  let route: ObservedRoute | undefined;
  let caught: unknown;
  try {
    if (signal.aborted)
      throw Object.assign(new Error('not sent: the traffic phase hit maxDurationMs'), { code: 'aborted' });
    if (planned.stream) {
      const stream = sut.stream(planned.body, requestSignal);
      let text = '';
      let chunks = 0;
      let valid = true;
      let schemaError: string | undefined;
      let last = performance.now();
      let maxGap = 0;
      try {
        for await (const chunk of boundedStream(stream, requestSignal)) {
          const now = performance.now();
          maxGap = Math.max(maxGap, now - last);
          last = now;
          chunks++;
          accountingOf(chunk, answer);
          const verdict = validateChunk(chunk);
          if (!verdict.valid && valid) {
            valid = false;
            schemaError = verdict.error;
          }
          const { finish, text: piece } = firstChoice(chunk);
          if (typeof piece === 'string' && text.length < SAMPLE_CHARS) text += piece;
          if (typeof piece === 'string' && fullText.length < TEXT_CHARS) fullText += piece;
          if (typeof finish === 'string') record.finishReason = finish;
        }
        // The openai SDK ends a stream quietly when its signal aborts mid-way: a stream that "ended"
        // after the caller gave up is cut, never complete.
        if (requestSignal.aborted)
          throw keepErrorFacts(
            Object.assign(new Error('the caller gave up mid-stream'), { code: 'aborted' }),
            {},
          );
        record.completion = 'ok';
        record.answers = 1;
      } catch (error) {
        caught = error;
        // Bytes reached the caller before the break: the outcome is indeterminate.
        record.completion = chunks > 0 ? 'info' : 'fail';
      } finally {
        route = stream.route();
        record.chunks = chunks;
        if (chunks > 1) record.maxChunkGapMs = Math.round(maxGap * 100) / 100;
        if (chunks > 0) {
          record.schemaValid = valid;
          if (schemaError) record.schemaError = schemaError;
          record.outputSample = text.slice(0, SAMPLE_CHARS);
        }
      }
    } else {
      const result = await boundedCall(sut.chat(planned.body, requestSignal), requestSignal);
      route = result.route;
      record.completion = 'ok';
      record.answers = 1;
      const verdict = validateCompletion(result.completion);
      record.schemaValid = verdict.valid;
      if (verdict.error) record.schemaError = verdict.error;
      const { finish, text } = firstChoice(result.completion);
      if (typeof finish === 'string') record.finishReason = finish;
      if (typeof text === 'string') record.outputSample = text.slice(0, SAMPLE_CHARS);
      if (typeof text === 'string') fullText = text.slice(0, TEXT_CHARS);
      accountingOf(result.completion, answer);
    }
  } catch (error) {
    caught = error;
  }
  const end = performance.now();
  record.endMs = end - scenarioStart;
  record.latencyMs = end - invoke;
  if (caught !== undefined) {
    record.error = clientTimeout.aborted
      ? {
          code: 'client-timeout',
          message: `no answer within the runner's ${requestTimeoutMs} ms request timeout`,
        }
      : describeError(caught);
  }
  const echo = readAnswerEcho(fullText);
  if (echo) record.echo = echo;
  if (answer.model !== undefined || answer.usage !== undefined) record.answer = answer;
  record.attempts = attemptsOf(route, caught).map((a) => ({ ...a, startMs: a.startMs + invokeMs }));
  record.skipped = route?.skipped ?? [];
  if (record.completion === 'ok' || record.completion === 'info') {
    if (route?.provider) record.servedBy = route.provider;
    if (route?.failoverMs !== undefined) record.failoverLatencyMs = route.failoverMs;
  }
  return record;
}
