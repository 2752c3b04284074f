/**
 * What a backend must make a client observe, in backend-neutral form. The catalog turns a fault and
 * a request into an action; each backend renders actions onto its medium (MSW response, nock reply,
 * real socket, MockAgent reply).
 */

/** One piece of a body, sent `delayMs` after the previous one. */
export interface BodyChunk {
  delayMs: number;
  data: string;
}

/** How a body ends: cleanly, with a broken connection, or never (until the client gives up). */
export type BodyEnd = 'complete' | 'error' | 'hang';

export interface RespondAction {
  type: 'respond';
  status: number;
  headers: Record<string, string>;
  /** Wait before the status line and headers (latency, slow headers). */
  delayMs: number;
  chunks: BodyChunk[];
  end: BodyEnd;
}

/** Never answer: no status, no headers, until the client aborts or the injector stops. */
export interface HangAction {
  type: 'hang';
}

/** Fail the connection: a reset, a refused connect, or a failed name lookup. */
export interface NetworkAction {
  type: 'network';
  mode: 'reset' | 'refused' | 'dns';
}

export type Action = RespondAction | HangAction | NetworkAction;

/** True when the body goes out in one piece and ends cleanly (what a buffering mock can deliver). */
export function isBuffered(action: RespondAction): boolean {
  return action.end === 'complete' && action.chunks.every((chunk) => chunk.delayMs === 0);
}

/** The whole body as one string. */
export function bodyText(action: RespondAction): string {
  return action.chunks.map((chunk) => chunk.data).join('');
}
