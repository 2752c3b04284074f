/**
 * `--target-cmd` headers: the values of `BROWNOUT_TARGET_HEADERS` may use the same placeholders as
 * the command (`{port}`, `{upstream}`, `{openai_base_url}`, `{hf_base_url}`, `{scenario}`), filled
 * in per scenario. Portkey needs it: its routing config travels in the `x-portkey-config` header
 * and names the providers' base URLs, which are the fault server's, a new one per scenario.
 */
import { GatewayProcessError, substitute } from './gateway-process.ts';

/**
 * Each header value with `{name}` replaced by `values[name]`. JSON braces are left alone (only an
 * identifier between braces is a placeholder); an unknown `{name}` is a `GatewayProcessError`
 * (exit 2) naming the header, since a typo would send every request with a broken config.
 *
 * @example fillHeaderPlaceholders({ 'x-portkey-config': '{"custom_host":"{openai_base_url}"}' }, values)
 * // { 'x-portkey-config': '{"custom_host":"http://127.0.0.1:40123/openai/v1"}' }
 */
export function fillHeaderPlaceholders(
  headers: Readonly<Record<string, string>>,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    try {
      out[name] = substitute(value, values);
    } catch (error) {
      const why = (error as Error).message.replace('the gateway command uses', 'its value uses');
      throw new GatewayProcessError(`--target-cmd: BROWNOUT_TARGET_HEADERS header "${name}": ${why}`, '');
    }
  }
  return out;
}
