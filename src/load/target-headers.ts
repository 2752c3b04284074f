/**
 * Extra headers for every request k6 sends to the target, from `BROWNOUT_TARGET_HEADERS` as
 * `brownout run` reads them. Some gateways route by request header, and the route names the fault
 * server: Portkey's `x-portkey-config` holds `custom_host: <fault server>/openai/v1`. The fault
 * server's port is only known once `brownout load` has started it, so header values may use the
 * `--target-cmd` placeholders (`{upstream}`, `{openai_base_url}`, `{hf_base_url}`, `{scenario}`),
 * filled in here by the same function `brownout run --target-cmd` uses; an unknown one is an error.
 *
 * The filled headers reach k6 through its environment, never through the config file that stays
 * in the report folder: a header may carry a key.
 */
import { TARGET_HEADERS_ENV, targetHeadersFromEnv } from '../systems/gateway.ts';
import { fillHeaderPlaceholders } from '../systems/gateway-headers.ts';

/** `BROWNOUT_TARGET_HEADERS` is not a JSON object of valid header names to strings (exit 2). */
export class TargetHeadersError extends Error {
  readonly code = 'BROWNOUT_TARGET_HEADERS';
  override readonly name = 'TargetHeadersError';
}

/** The environment variable the k6 script reads its extra headers from (a JSON object of strings). */
export const K6_TARGET_HEADERS_ENV = 'BROWNOUT_TARGET_HEADERS';

/**
 * The headers from the environment with placeholders filled; a malformed variable is a
 * `TargetHeadersError` naming it.
 *
 * @example loadTargetHeaders(process.env, { upstream: 'http://127.0.0.1:9797' })
 */
export function loadTargetHeaders(
  env: NodeJS.ProcessEnv,
  values: Record<string, string>,
): Record<string, string> {
  let raw: Record<string, string>;
  try {
    raw = targetHeadersFromEnv(env);
  } catch (error) {
    throw new TargetHeadersError((error as Error).message);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      throw new TargetHeadersError(`${TARGET_HEADERS_ENV}: "${name}" is not a valid header name`);
    headers[name] = value;
  }
  try {
    return fillHeaderPlaceholders(headers, values);
  } catch (error) {
    throw new TargetHeadersError((error as Error).message);
  }
}
