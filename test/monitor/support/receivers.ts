import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for Slack's incoming webhook and PagerDuty's Events API v2: they validate
 * each payload as those APIs do (a payload they would reject answers 400 and is recorded as
 * invalid), record it, and answer from a script of statuses (429, 500, 400) before the normal one.
 */
export interface Received {
  body: Record<string, unknown>;
  status: number;
  problems: string[];
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Accepted payloads only (what the real API would have acted on). */
  accepted(): Array<Record<string, unknown>>;
  /** The next answers, in order, before the normal 200/202. */
  script(...statuses: number[]): void;
  close(): Promise<void>;
}

const SEVERITIES = ['critical', 'error', 'warning', 'info'];

export function pagerDutyProblems(body: Record<string, unknown>): string[] {
  const p: string[] = [];
  if (typeof body.routing_key !== 'string' || body.routing_key.length !== 32)
    p.push('routing_key must be a 32-character string');
  if (!['trigger', 'acknowledge', 'resolve'].includes(body.event_action as string))
    p.push('event_action invalid');
  const key = body.dedup_key;
  if (key !== undefined && (typeof key !== 'string' || key.length > 255))
    p.push('dedup_key must be a string of at most 255');
  if (body.event_action !== 'trigger' && typeof key !== 'string') p.push('dedup_key is required to resolve');
  if (body.event_action === 'trigger') {
    const payload = body.payload as Record<string, unknown> | undefined;
    if (!payload) p.push('payload is required');
    else {
      if (
        typeof payload.summary !== 'string' ||
        payload.summary.length === 0 ||
        payload.summary.length > 1024
      )
        p.push('payload.summary must be 1-1024 characters');
      if (typeof payload.source !== 'string' || payload.source.length === 0)
        p.push('payload.source is required');
      if (!SEVERITIES.includes(payload.severity as string)) p.push('payload.severity invalid');
      if (payload.custom_details !== undefined && typeof payload.custom_details !== 'object')
        p.push('custom_details must be an object');
    }
  }
  const allowed = [
    'routing_key',
    'event_action',
    'dedup_key',
    'payload',
    'images',
    'links',
    'client',
    'client_url',
  ];
  for (const k of Object.keys(body)) if (!allowed.includes(k)) p.push(`unknown field ${k}`);
  return p;
}

export function slackProblems(body: Record<string, unknown>): string[] {
  const p: string[] = [];
  if (typeof body.text !== 'string' || body.text.trim() === '')
    p.push('text is required (the notification fallback)');
  if (body.blocks !== undefined) {
    if (!Array.isArray(body.blocks) || body.blocks.length > 50)
      p.push('blocks must be an array of at most 50');
    else
      for (const block of body.blocks as Array<Record<string, unknown>>) {
        if (!['section', 'context', 'divider', 'header', 'actions'].includes(block.type as string))
          p.push(`block type ${String(block.type)}`);
        const text = block.text as { type?: string; text?: string } | undefined;
        if (
          block.type === 'section' &&
          (!text || !['mrkdwn', 'plain_text'].includes(text.type ?? '') || (text.text ?? '').length > 3000)
        )
          p.push('section text must be mrkdwn/plain_text up to 3000');
      }
  }
  return p;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export async function startReceiver(
  validate: (body: Record<string, unknown>) => string[],
  ok: (body: Record<string, unknown>) => { status: number; body: unknown },
): Promise<Receiver> {
  const received: Received[] = [];
  const scripted: number[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readJson(req);
    const problems = validate(body);
    const next = scripted.shift();
    const answer =
      problems.length > 0
        ? { status: 400, body: { status: 'invalid event', errors: problems } }
        : next !== undefined
          ? { status: next, body: { status: 'error', message: `scripted ${next}` } }
          : ok(body);
    received.push({ body, status: answer.status, problems });
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      ...(answer.status === 429 ? { 'retry-after': '0' } : {}),
    });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    accepted: () => received.filter((r) => r.status < 300).map((r) => r.body),
    script: (...statuses) => scripted.push(...statuses),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** PagerDuty answers 202 `{ status: 'success', dedup_key }`. */
export function startPagerDuty(): Promise<Receiver> {
  return startReceiver(pagerDutyProblems, (body) => ({
    status: 202,
    body: { status: 'success', message: 'Event processed', dedup_key: body.dedup_key },
  }));
}

/** Slack answers 200 `ok`. */
export function startSlack(): Promise<Receiver> {
  return startReceiver(slackProblems, () => ({ status: 200, body: 'ok' }));
}

/** A generic JSON webhook: any JSON object is accepted with 204. */
export function startWebhook(): Promise<Receiver> {
  return startReceiver(
    (body) => (typeof body === 'object' && Object.keys(body).length > 0 ? [] : ['empty body']),
    () => ({ status: 204, body: '' }),
  );
}
