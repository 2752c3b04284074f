import { z } from 'zod';
import type { Checker } from './check.ts';
import { notApplicable, offenders, verdict } from './verdict.ts';

export const correlationOptions = z.strictObject({});
export type CorrelationOptions = z.infer<typeof correlationOptions>;

/**
 * Every answer was produced by an upstream attempt of its own request: each request that was
 * served carried its key to some provider, its answer echoes one of its own attempts (not another
 * request's), and it echoes exactly one (answers were not stitched together). Read from the
 * upstream record; not applicable when the backend keeps none.
 *
 * @example correlation(history, {}, ctx)
 */
export const correlation: Checker<CorrelationOptions> = (history) => {
  const id = 'correlation';
  if (history.upstream === undefined)
    return notApplicable(id, 'the backend keeps no upstream record, so answers cannot be traced to attempts');
  const served = history.records.filter((r) => r.completion === 'ok' && r.key !== undefined);
  // Runs unasked on every run with a record: with nothing served there is nothing to trace (whether
  // that is right is for availability and fail-fast to say), not a finding.
  if (served.length === 0) return verdict(id, true, 0, 0, 'no request was served: no answer to trace');
  const findings: string[] = [];
  for (const r of served) {
    const own = r.upstream ?? [];
    if (own.length === 0) {
      findings.push(`#${r.index} served but its key reached no provider`);
      continue;
    }
    if (r.echo === undefined) continue;
    if (r.echo.key !== r.key)
      findings.push(`#${r.index} received the answer of another request (${r.echo.key})`);
    else if (!own.some((a) => a.seq === r.echo?.seq && a.provider === r.echo.provider))
      findings.push(`#${r.index} echoes ${r.echo.provider}#${r.echo.seq}, which its key never reached`);
    if (r.echo.count > 1) findings.push(`#${r.index} carries ${r.echo.count} answers stitched into one`);
  }
  const echoed = served.filter((r) => r.echo !== undefined).length;
  if (findings.length === 0) {
    return verdict(
      id,
      true,
      0,
      0,
      `all ${served.length} served requests reached a provider; ${echoed} answers traced to their own attempt`,
    );
  }
  return verdict(
    id,
    false,
    findings.length,
    0,
    `expected every answer to come from one of its own upstream attempts; ${findings.length} did not: ${offenders(findings, 2)}`,
  );
};
