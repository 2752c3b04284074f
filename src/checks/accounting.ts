import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { Checker } from './check.ts';
import { notApplicable, offenders, verdict } from './verdict.ts';

export const accountingOptions = z.strictObject({
  /** Require `usage` on every answer whose serving attempt reported one (default true for non-streams). */
  usage: z.boolean({ error: 'must be true or false' }).optional(),
});
export type AccountingOptions = z.infer<typeof accountingOptions>;

/**
 * Accounting: an answer's `model` names the model that served it, and its `usage` is present and
 * is the serving attempt's own (not another attempt's, not summed, not made up). The serving attempt
 * is the one the answer's text echoes (upstream record). Streams are held to `model` only, unless
 * they carried usage.
 *
 * @example accounting(history, {}, ctx)
 */
export const accounting: Checker<AccountingOptions> = (history, options) => {
  const id = 'accounting';
  if (history.upstream === undefined)
    return notApplicable(id, 'the backend keeps no upstream record, so the serving attempt is unknown');
  const traced = history.records.filter((r) => r.completion === 'ok' && r.echo !== undefined);
  if (traced.length === 0)
    return verdict(
      id,
      false,
      null,
      0,
      'vacuous: no served answer named its upstream attempt, so nothing to account',
    );
  const findings: string[] = [];
  for (const r of traced) {
    const serving = r.upstream?.find((a) => a.seq === r.echo?.seq && a.provider === r.echo?.provider);
    if (serving === undefined) continue; // correlation reports it
    const model = r.answer?.model;
    if (serving.answeredModel !== undefined && model !== serving.answeredModel)
      findings.push(
        `#${r.index} says model ${JSON.stringify(model ?? null)}, ${serving.provider} served ${serving.answeredModel}`,
      );
    const wantUsage = options.usage ?? !r.stream;
    if (serving.usage === undefined || (!wantUsage && r.answer?.usage === undefined)) continue;
    if (r.answer?.usage === undefined) findings.push(`#${r.index} has no usage`);
    else if (!sameUsage(r.answer.usage, serving.usage))
      findings.push(
        `#${r.index} usage ${JSON.stringify(r.answer.usage)} is not the serving attempt's ${JSON.stringify(serving.usage)}`,
      );
  }
  if (findings.length === 0)
    return verdict(
      id,
      true,
      0,
      0,
      `all ${traced.length} traced answers name their serving model and carry its usage`,
    );
  return verdict(
    id,
    false,
    findings.length,
    0,
    `expected each answer's model and usage to be the serving attempt's; ${findings.length} were not: ${offenders(findings, 2)}`,
  );
};

function sameUsage(
  seen: unknown,
  served: { prompt_tokens: number; completion_tokens: number; total_tokens: number },
): boolean {
  const u = seen as Record<string, unknown>;
  return isDeepStrictEqual(
    { p: u.prompt_tokens, c: u.completion_tokens, t: u.total_tokens },
    { p: served.prompt_tokens, c: served.completion_tokens, t: served.total_tokens },
  );
}
