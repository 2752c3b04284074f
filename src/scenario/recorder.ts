import type { AttemptRecord } from '../router/errors.ts';
import { validateChunk, validateCompletion } from '../router/schema.ts';
import type { HistoryRecord } from './history.ts';
import type { ObservedRoute, SystemUnderTest } from './system-under-test.ts';
import type { PlannedRequest } from './traffic.ts';

const SAMPLE_CHARS = 160;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  retryAfterMs?: unknown;
  attempts?: unknown;
}

function describeError(error: unknown): NonNullable<HistoryRecord['error']> {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const out: NonNullable<HistoryRecord['error']> = {
    code: typeof e.code === 'string' ? e.code : 'untyped',
    message: typeof e.message === 'string' ? e.message.slice(0, 500) : String(error).slice(0, 500),
  };
  if (typeof e.retryAfterMs === 'number') out.retryAfterMs = e.retryAfterMs;
  return out;
}

function attemptsOf(route: ObservedRoute | undefined, error: unknown): AttemptRecord[] {
  if (route?.attempts) return route.attempts;
  const attempts = (error as ErrorLike | undefined)?.attempts;
  return Array.isArray(attempts) ? (attempts as AttemptRecord[]) : [];
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
      try {
        for await (const chunk of stream) {
          chunks++;
          const verdict = validateChunk(chunk);
          if (!verdict.valid && valid) {
            valid = false;
            schemaError = verdict.error;
          }
          const { finish, text: piece } = firstChoice(chunk);
          if (typeof piece === 'string' && text.length < SAMPLE_CHARS) text += piece;
          if (typeof finish === 'string') record.finishReason = finish;
        }
        record.completion = 'ok';
        record.answers = 1;
      } catch (error) {
        caught = error;
        // Bytes reached the caller before the break: the outcome is indeterminate.
        record.completion = chunks > 0 ? 'info' : 'fail';
      } finally {
        route = stream.route();
        record.chunks = chunks;
        if (chunks > 0) {
          record.schemaValid = valid;
          if (schemaError) record.schemaError = schemaError;
          record.outputSample = text.slice(0, SAMPLE_CHARS);
        }
      }
    } else {
      const result = await sut.chat(planned.body, requestSignal);
      route = result.route;
      record.completion = 'ok';
      record.answers = 1;
      const verdict = validateCompletion(result.completion);
      record.schemaValid = verdict.valid;
      if (verdict.error) record.schemaError = verdict.error;
      const { finish, text } = firstChoice(result.completion);
      if (typeof finish === 'string') record.finishReason = finish;
      if (typeof text === 'string') record.outputSample = text.slice(0, SAMPLE_CHARS);
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
  record.attempts = attemptsOf(route, caught).map((a) => ({ ...a, startMs: a.startMs + invokeMs }));
  record.skipped = route?.skipped ?? [];
  if (record.completion === 'ok' || record.completion === 'info') {
    if (route?.provider) record.servedBy = route.provider;
    if (route?.failoverMs !== undefined) record.failoverLatencyMs = route.failoverMs;
  }
  return record;
}
