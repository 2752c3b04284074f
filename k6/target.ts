/**
 * What a target that is not brownout's gateway needs: its own headers (`BROWNOUT_TARGET_HEADERS`,
 * filled in by `brownout load`; Portkey routes by `x-portkey-config`), and, since it sends no
 * route headers, the serving provider read back from the fake provider's correlation echo
 * (`[brownout:<key>@<provider>#<seq>]`, src/faults/correlation.ts) in the answer text.
 */

/** Extra request headers, read once in the init context; bad JSON stops the test there. */
export function readTargetHeaders(raw: string | undefined): Record<string, string> {
  if (raw === undefined || raw.trim() === '') return {};
  const parsed = JSON.parse(raw) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`brownout load: BROWNOUT_TARGET_HEADERS must be a JSON object, got ${raw.slice(0, 80)}`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>))
    headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
  return headers;
}

/** Whether the headers already name this one, whatever its case. */
export function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** A key unique within the run (one VU runs one iteration at a time). */
export function correlationKey(vu: number, iteration: number, scenario: string): string {
  return `k6-${scenario}-${vu}-${iteration}`.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
}

const ECHO = /\[brownout:([A-Za-z0-9_.-]{1,64})@([A-Za-z0-9_.-]{1,64})#\d{1,12}\]/;

/** The provider that produced this answer, when the body carries the echo of this request's key. */
export function echoedProvider(body: string, key: string): string | undefined {
  const match = ECHO.exec(body);
  return match && match[1] === key ? match[2] : undefined;
}
