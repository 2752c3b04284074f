/**
 * Secret redaction for every renderer. A report is an artifact that CI keeps and people share:
 * no API key, token or authorization header may reach it, whatever a provider echoed back or a
 * checker quoted. Redaction is idempotent, so renderers may apply it to input already redacted.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/** Environment variables whose values are secrets, by name. */
const SECRET_ENV_NAME = /KEY|TOKEN|SECRET/i;
/** Shorter values are too likely to be ordinary words or flags ("1", "true") to hunt for. */
const MIN_SECRET_LENGTH = 8;
/** Object keys whose string values are secrets, wherever they appear in a report. */
const SECRET_FIELD =
  /^(authorization|proxy-authorization|x-api-key|api[-_]?key|access[-_]?token|token|secret|password)$/i;

const PATTERNS: Array<[RegExp, string]> = [
  // Authorization and API-key headers, as `name: value`, `name=value` or JSON `"name":"value"`.
  [
    /\b(proxy-authorization|authorization|x-api-key|api[-_]key|access[-_]token)(["']?\s*[:=]\s*["']?)(?![\s"']*\[redacted\])[^"'\r\n,;&}]+/gi,
    `$1$2${REDACTED}`,
  ],
  // Credentials in a URL: `scheme://user:password@host`.
  [/\b([a-z][a-z0-9+.-]*:\/\/)(?!\[redacted\]@)[^\s/:@'"]+:[^\s/@'"]+@/gi, `$1${REDACTED}@`],
  [/\b(Bearer|Basic)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  // OpenAI keys (sk-..., sk-proj-...) and Hugging Face tokens (hf_...).
  [/\bsk-[A-Za-z0-9_-]{6,}/g, `sk-${REDACTED}`],
  [/\bhf_[A-Za-z0-9]{6,}/g, `hf_${REDACTED}`],
];

/** A redactor: strings in, strings without secrets out. */
export type Redactor = (text: string) => string;

/**
 * Secret values found in an environment: every variable whose name contains KEY, TOKEN or
 * SECRET, with a value of eight characters or more, longest first.
 *
 * @example secretsFromEnv({ OPENAI_API_KEY: 'sk-live-123456789' }) // ['sk-live-123456789']
 */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const values = Object.entries(env)
    .filter(
      ([name, value]) =>
        SECRET_ENV_NAME.test(name) && typeof value === 'string' && value.length >= MIN_SECRET_LENGTH,
    )
    .map(([, value]) => value as string);
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

/**
 * Builds a redactor for the known patterns (authorization headers, `sk-...`, `hf_...`) and the
 * given literal secrets (default: the values of KEY/TOKEN/SECRET environment variables).
 *
 * @example createRedactor([])('Authorization: Bearer sk-abc123456') // 'Authorization: [redacted]'
 */
export function createRedactor(secrets: readonly string[] = secretsFromEnv()): Redactor {
  const literals = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let out = text;
    for (const secret of literals) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };
}

/**
 * A deep copy of `value` with every string redacted, and the string values of secret-named
 * fields (authorization, api_key, token, ...) replaced whole. Numbers, booleans and null pass
 * through (NaN too: JSON serialization turns it into null later).
 */
export function redactDeep<T>(value: T, redactor: Redactor = createRedactor()): T {
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === 'string') return key !== undefined && SECRET_FIELD.test(key) ? REDACTED : redactor(v);
    if (Array.isArray(v)) return v.map((item) => walk(item, undefined));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) out[redactor(k)] = walk(item, k);
      return out;
    }
    return v;
  };
  return walk(value, undefined) as T;
}
