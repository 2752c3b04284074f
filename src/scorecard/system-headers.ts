/**
 * Each gateway of a scorecard its own headers: `--target-headers-env NAME` names the environment
 * variable that holds them (a JSON object, as `BROWNOUT_TARGET_HEADERS`). Portkey needs its config
 * header and LiteLLM its master key, and one gateway's key must never reach another gateway. The
 * value travels only through the environment of that system's `brownout run` (as its
 * `BROWNOUT_TARGET_HEADERS`), never through argv (visible in `ps`) or a report.
 */
import { TARGET_HEADERS_ENV, targetHeadersFromEnv } from '../systems/gateway.ts';
import { ScorecardUsageError, type SystemSpec } from './systems.ts';

/** A header name as HTTP allows it (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * Headers whose values are credentials, by a word of their name (`x-api-key`, `Authorization`, not
 * `x-portkey-config`): they are redacted wherever the scorecard might quote them.
 */
const SECRET_HEADER =
  /(^|[-_])(auth|authorization|key|apikey|token|secret|cookie|password|session|credentials?)($|[-_])/i;

/**
 * Checks every `--target-headers-env` variable before any run starts: set, a JSON object, valid
 * header names. A bad one is a `ScorecardUsageError` (exit 2) naming the variable and the system,
 * never quoting the value.
 *
 * @example checkSystemHeaders([{ kind: 'target', value: 'http://127.0.0.1:4000', headersEnv: 'LITELLM_HEADERS' }], ['LiteLLM'], process.env)
 */
export function checkSystemHeaders(
  specs: readonly SystemSpec[],
  names: readonly string[],
  env: NodeJS.ProcessEnv,
): void {
  for (const [i, spec] of specs.entries())
    if (spec.headersEnv) readOwnHeaders(spec.headersEnv, names[i] ?? '', env);
}

function readOwnHeaders(variable: string, system: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const where = `--target-headers-env ${variable} (system "${system}")`;
  if (env[variable] === undefined) throw new ScorecardUsageError(`${where}: ${variable} is not set`);
  if (env[variable].trim() === '')
    throw new ScorecardUsageError(
      `${where}: ${variable} is empty; it must hold a JSON object of header names to strings`,
    );
  let headers: Record<string, string>;
  try {
    headers = targetHeadersFromEnv(env, variable);
  } catch (error) {
    throw new ScorecardUsageError(`${where}: ${(error as Error).message}`);
  }
  for (const name of Object.keys(headers))
    if (!HEADER_NAME.test(name))
      throw new ScorecardUsageError(`${where}: "${name.slice(0, 60)}" is not a valid header name`);
  return headers;
}

/**
 * The environment of one system's `brownout run`: a gateway with its own headers gets them as its
 * `BROWNOUT_TARGET_HEADERS` (never the global ones too); a gateway without keeps the global
 * `BROWNOUT_TARGET_HEADERS`; an in-process system gets none. No run sees any system's own-headers
 * variable, so neither it nor the gateway it starts can read another gateway's key.
 */
export function childEnvFor(
  spec: SystemSpec,
  specs: readonly SystemSpec[],
  env: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const other of specs) if (other.headersEnv) delete out[other.headersEnv];
  if (spec.headersEnv) out[TARGET_HEADERS_ENV] = env[spec.headersEnv];
  else if (spec.kind === 'reference' || spec.kind === 'system') delete out[TARGET_HEADERS_ENV];
  return out;
}

/**
 * The values of credential-like headers (Authorization, *key*, *token*, ...) in every system's own
 * headers and in the global `BROWNOUT_TARGET_HEADERS`, for the scorecard's redactor: a gateway's
 * or a run's output that quotes one must not carry it into the scorecard or its log.
 */
export function headerSecrets(specs: readonly SystemSpec[], env: NodeJS.ProcessEnv): string[] {
  const variables = [TARGET_HEADERS_ENV, ...specs.flatMap((s) => (s.headersEnv ? [s.headersEnv] : []))];
  const secrets: string[] = [];
  for (const variable of variables) {
    let headers: Record<string, string>;
    try {
      headers = targetHeadersFromEnv(env, variable);
    } catch {
      continue; // Reported by checkSystemHeaders (own headers) or by the run (the global ones).
    }
    for (const [name, value] of Object.entries(headers)) {
      if (!SECRET_HEADER.test(name)) continue;
      secrets.push(value);
      // `Bearer sk-...`: the token may be quoted without its scheme.
      const token = /^\S+\s+(\S{8,})$/.exec(value)?.[1];
      if (token) secrets.push(token);
    }
  }
  return secrets;
}

/** How a replay sets a system's headers: the variable's name, never its value. */
export function headersEnvPrefix(spec: SystemSpec): string {
  return spec.headersEnv ? `${TARGET_HEADERS_ENV}="$${spec.headersEnv}" ` : '';
}
