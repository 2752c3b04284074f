import type * as z from 'zod';
import { type MonitorInput, monitorConfigSchema } from './config-schema.ts';
import { MonitorConfigError } from './errors.ts';

type Parsed = z.output<typeof monitorConfigSchema>;

/** A validated monitor: defaults applied, secrets read from the environment. */
export interface MonitorConfig {
  name: string;
  source: string;
  providers: Parsed['providers'];
  router: { chain: boolean; forcedFailover: boolean };
  intervalMs: number;
  jitterMs: number;
  concurrency: number;
  probe: {
    prompt: string;
    maxTokens: number;
    stream: boolean;
    timeoutMs: number;
    assert: NonNullable<NonNullable<Parsed['probe']>['assert']>;
  };
  thresholds: {
    degradedMs?: number;
    downMs?: number;
    ttftDegradedMs?: number;
    ttftDownMs?: number;
    failureThreshold: number;
    successThreshold: number;
    window?: { failures: number; of: number };
  };
  alerts: {
    slack?: { webhookUrl: string };
    pagerduty?: { routingKey: string; url: string; severity: 'critical' | 'error' | 'warning' | 'info' };
    webhook?: { url: string };
    reminderMs: number;
    summaryAbove: number;
    maintenance: NonNullable<NonNullable<Parsed['alerts']>['maintenance']>;
    delivery: { attempts: number; baseMs: number; capMs: number; timeoutMs: number };
  };
  history: { file: string; retentionMs: number };
  server: { port: number; host: string };
  /** Secret values this config read from the environment: redacted from every output. */
  secrets: string[];
  /** Where it came from (a file, or `(inline)`). */
  file: string;
}

const DAY_MS = 86_400_000;
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

function path(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${String(s)}` : String(s);
  return out || '(root)';
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `${path(issue.path)}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (a typo?)`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${path(issue.path)}: is required`;
  return `${path(issue.path)}: ${issue.message}`;
}

/**
 * Validates a monitor (from a TypeScript, JSON or YAML file), applies defaults and reads the
 * secrets it names from `env`. Throws a `MonitorConfigError` naming the file and every bad field.
 */
export function validateMonitor(
  input: unknown,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): MonitorConfig {
  const parsed = monitorConfigSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new MonitorConfigError(file, parsed.error.issues.map(describe));
  const c = parsed.data;
  const issues: string[] = [];
  const secrets: string[] = [];
  const secret = (field: string, variable: string | undefined): string | undefined => {
    if (variable === undefined) return undefined;
    const value = env[variable];
    if (value === undefined || value === '') {
      issues.push(`${field}: the environment variable ${variable} is not set`);
      return undefined;
    }
    secrets.push(value);
    return value;
  };

  const names = new Set<string>();
  c.providers.forEach((p, i) => {
    const providerName = p.name ?? p.type;
    if (names.has(providerName))
      issues.push(
        `providers[${i}].name: "${providerName}" is already used (give each provider its own name)`,
      );
    if (providerName === 'router' || providerName === 'failover')
      issues.push(`providers[${i}].name: "${providerName}" names a router path; pick another name`);
    names.add(providerName);
    if (p.type === 'huggingface') secret(`providers[${i}].accessTokenEnv`, p.accessTokenEnv);
    else secret(`providers[${i}].apiKeyEnv`, p.apiKeyEnv);
  });
  const t = c.thresholds ?? {};
  if (t.degradedMs !== undefined && t.downMs !== undefined && t.degradedMs > t.downMs)
    issues.push('thresholds.degradedMs: must not be above thresholds.downMs');
  if (t.window && t.window.failures > t.window.of)
    issues.push('thresholds.window.failures: must not be above thresholds.window.of');
  if (c.router?.forcedFailover && c.providers.length < 2)
    issues.push('router.forcedFailover: needs at least two providers (a primary and a fallback)');
  const a = c.alerts ?? {};
  (a.maintenance ?? []).forEach((w, i) => {
    if (!w.daily && !(w.start && w.end))
      issues.push(`alerts.maintenance[${i}]: needs "start" and "end", or "daily"`);
    if (w.start && w.end && Date.parse(w.start) >= Date.parse(w.end))
      issues.push(`alerts.maintenance[${i}].end: must be after start`);
  });
  const slackUrl = a.slack ? secret('alerts.slack.webhookUrlEnv', a.slack.webhookUrlEnv) : undefined;
  const routingKey = a.pagerduty
    ? secret('alerts.pagerduty.routingKeyEnv', a.pagerduty.routingKeyEnv)
    : undefined;
  const hookUrl = a.webhook ? secret('alerts.webhook.urlEnv', a.webhook.urlEnv) : undefined;
  if (issues.length > 0) throw new MonitorConfigError(file, issues);

  const twoOrMore = c.providers.length >= 2;
  return {
    name: c.name,
    source: c.source ?? 'brownout-monitor',
    providers: c.providers,
    router: { chain: c.router?.chain ?? twoOrMore, forcedFailover: c.router?.forcedFailover ?? twoOrMore },
    intervalMs: (c.intervalS ?? 60) * 1000,
    jitterMs: (c.jitterS ?? 0) * 1000,
    concurrency: c.concurrency ?? 4,
    probe: {
      prompt: c.probe?.prompt ?? 'Reply with the single word: pong',
      maxTokens: c.probe?.maxTokens ?? 256,
      stream: c.probe?.stream ?? false,
      timeoutMs: c.probe?.timeoutMs ?? 30_000,
      assert: c.probe?.assert ?? {},
    },
    thresholds: {
      ...t,
      failureThreshold: t.failureThreshold ?? 2,
      successThreshold: t.successThreshold ?? 2,
    },
    alerts: {
      ...(slackUrl ? { slack: { webhookUrl: slackUrl } } : {}),
      ...(routingKey && a.pagerduty
        ? {
            pagerduty: {
              routingKey,
              url: a.pagerduty.url ?? PAGERDUTY_EVENTS_URL,
              severity: a.pagerduty.severity ?? 'critical',
            },
          }
        : {}),
      ...(hookUrl ? { webhook: { url: hookUrl } } : {}),
      reminderMs: (a.reminderMinutes ?? 60) * 60_000,
      summaryAbove: a.summaryAbove ?? 3,
      maintenance: a.maintenance ?? [],
      delivery: {
        attempts: a.delivery?.attempts ?? 4,
        baseMs: a.delivery?.baseMs ?? 500,
        capMs: a.delivery?.capMs ?? 10_000,
        timeoutMs: a.delivery?.timeoutMs ?? 10_000,
      },
    },
    history: {
      file: c.history?.file ?? 'brownout-monitor.db',
      retentionMs: (c.history?.retentionDays ?? 30) * DAY_MS,
    },
    server: { port: c.server?.port ?? 9464, host: c.server?.host ?? '127.0.0.1' },
    secrets,
    file,
  };
}

/**
 * Declares a monitor in TypeScript, fully typed. Returns its argument: validation happens when
 * `brownout monitor` loads the file, so the same rules hold for TS, JSON and YAML.
 *
 * @example
 * export default defineMonitor({
 *   name: 'chat-failover',
 *   providers: [
 *     { type: 'openai', model: 'gpt-4o-mini', apiKeyEnv: 'OPENAI_API_KEY' },
 *     { type: 'huggingface', model: 'openai/gpt-oss-20b', accessTokenEnv: 'HF_TOKEN' },
 *   ],
 *   alerts: { pagerduty: { routingKeyEnv: 'PAGERDUTY_ROUTING_KEY' } },
 * });
 */
export function defineMonitor(monitor: MonitorInput): MonitorInput {
  return monitor;
}
