import { z } from 'zod';
import type { HistoryRecord } from '../history/history.ts';
import type { Checker } from './check.ts';
import { offenders, verdict } from './verdict.ts';

export const noSecretsOptions = z.strictObject({});
export type NoSecretsOptions = z.infer<typeof noSecretsOptions>;

/** What looks like a credential even when the scenario did not name it. */
const KEY_SHAPES: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'an OpenAI-style key (sk-…)', pattern: /sk-[A-Za-z0-9_-]{20,}/ },
  { name: 'a Hugging Face token (hf_…)', pattern: /hf_[A-Za-z0-9]{20,}/ },
  // 16+ token characters, so that prose such as "use Bearer YOUR_KEY" is not a leak.
  { name: 'a Bearer token', pattern: /Bearer\s+[A-Za-z0-9\-._~+/]{16,}=*/ },
];

/** The recorded text that reaches reports and logs. */
const FIELDS: ReadonlyArray<{ name: string; text: (r: HistoryRecord) => string | undefined }> = [
  { name: 'output', text: (r) => r.outputSample },
  { name: 'error message', text: (r) => r.error?.message },
  { name: 'schema error', text: (r) => r.schemaError },
];

/**
 * No secret appears in any record's output sample, error message or schema error: neither one of
 * `ctx.secrets` nor anything shaped like an API key. Messages name the request, the field and the
 * kind of secret, never the secret itself. Measured: the number of leaks.
 *
 * @example noSecrets(history, {}, { ...ctx, secrets: [process.env.OPENAI_API_KEY ?? ''] }) // always on
 */
export const noSecrets: Checker<NoSecretsOptions> = (history, _options, ctx) => {
  const id = 'no-secrets';
  const secrets = ctx.secrets.filter((s) => s.length > 0);
  const leaks: string[] = [];
  for (const r of history.records) {
    for (const field of FIELDS) {
      const text = field.text(r);
      if (text === undefined || text === '') continue;
      const i = secrets.findIndex((s) => text.includes(s));
      const shape = i >= 0 ? undefined : KEY_SHAPES.find((k) => k.pattern.test(text));
      if (i >= 0) leaks.push(`#${r.index} ${field.name} holds secret ${i + 1} of the scenario`);
      else if (shape !== undefined) leaks.push(`#${r.index} ${field.name} holds ${shape.name}`);
    }
  }
  const scanned = `${history.records.length} requests' outputs and errors`;
  if (leaks.length === 0) {
    return verdict(
      id,
      true,
      0,
      0,
      `no secret (${secrets.length} given, and no key-shaped text) in ${scanned}`,
    );
  }
  return verdict(
    id,
    false,
    leaks.length,
    0,
    `expected no secret in ${scanned}; found ${leaks.length}: ${offenders(leaks)}`,
  );
};
