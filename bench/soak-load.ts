/**
 * The soak's load: chat completions at a fixed rate (open loop: a slow gateway does not slow the
 * sender), every other one a stream, each answer read whole and sorted by what it was. Bounded by
 * count (rate x time), by time, and by the requests in flight (over the cap, a request is not sent
 * and counted as such).
 */
import { Pool } from 'undici';
import { chatBody } from './capture.ts';

export interface Outcomes {
  sent: number;
  achievedRate: number;
  outcomes: {
    /** A whole JSON answer, or a stream that ended with `[DONE]`. */
    complete: number;
    /** A stream that broke after it began: the gateway's error event and a reset. */
    streamCut: number;
    /** The gateway's own error answer (429, 502, 503, 504...), by status. */
    errorStatus: Record<string, number>;
    /** Not sent: the in-flight cap was reached (the gateway fell behind the rate). */
    notSent: number;
    /** No answer headers within 30 s (the gateway fell behind the rate). */
    clientTimeout: number;
    /** What must not happen: a stream ending cleanly without `[DONE]`, a JSON request whose connection failed. */
    unexpected: number;
  };
  firstUnexpected?: string;
}

const MAX_IN_FLIGHT = 500;
const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer sk-soak' };

export async function runStorm(
  origin: string,
  rate: number,
  ms: number,
  onTick?: () => Promise<void>,
  tickMs = 5_000,
): Promise<Outcomes> {
  const pool = new Pool(origin, { connections: 256, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const result: Outcomes = {
    sent: 0,
    achievedRate: 0,
    outcomes: { complete: 0, streamCut: 0, errorStatus: {}, notSent: 0, clientTimeout: 0, unexpected: 0 },
  };
  const unexpected = (what: string) => {
    result.outcomes.unexpected++;
    result.firstUnexpected ??= what;
  };
  const bodies = { json: chatBody(false), stream: chatBody(true) };
  const inFlight = new Set<Promise<void>>();

  async function one(stream: boolean): Promise<void> {
    let status = 0;
    let text = '';
    try {
      const res = await pool.request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers: HEADERS,
        body: stream ? bodies.stream : bodies.json,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (error) {
      // A stream that began and then broke ends with a reset: the read fails.
      if (stream && status === 200) result.outcomes.streamCut++;
      else if ((error as { code?: string }).code === 'UND_ERR_HEADERS_TIMEOUT')
        result.outcomes.clientTimeout++;
      else unexpected(`${stream ? 'stream' : 'JSON'} request, status ${status}: ${String(error)}`);
      return;
    }
    if (status !== 200) {
      result.outcomes.errorStatus[status] = (result.outcomes.errorStatus[status] ?? 0) + 1;
    } else if (!stream || text.endsWith('data: [DONE]\n\n')) {
      result.outcomes.complete++;
    } else {
      unexpected(`a 200 stream ended cleanly without [DONE]: ...${text.slice(-200)}`);
    }
  }

  const t0 = performance.now();
  const total = Math.floor((rate * ms) / 1000);
  let due = 0;
  let ticking: Promise<void> | undefined;
  let nextTick = t0 + tickMs;
  await new Promise<void>((resolve) => {
    const pace = setInterval(() => {
      const now = performance.now();
      if (onTick && now >= nextTick && !ticking) {
        nextTick += tickMs;
        ticking = onTick().finally(() => {
          ticking = undefined;
        });
      }
      if (now - t0 >= ms || due >= total) {
        clearInterval(pace);
        resolve();
        return;
      }
      const target = Math.min(total, Math.floor(((now - t0) * rate) / 1000));
      for (; due < target; due++) {
        if (inFlight.size >= MAX_IN_FLIGHT) {
          result.outcomes.notSent++;
          continue;
        }
        result.sent++;
        const p = one(due % 2 === 1).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    }, 5);
  });
  result.achievedRate = Math.round((result.sent / (performance.now() - t0)) * 1000);
  await Promise.all(inFlight);
  await ticking;
  await pool.close();
  return result;
}
