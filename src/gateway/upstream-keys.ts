/** The keys a gateway sends to its providers, and a line that says which they are. */
export interface UpstreamKeys {
  openaiKey: string;
  hfToken: string;
  /** For the startup line: `placeholder keys` or `real keys from OPENAI_API_KEY, HF_TOKEN`. */
  description: string;
}

/** Sent to a fault server instead of real keys: shaped like them, worth nothing. */
export const PLACEHOLDER_KEYS = {
  openaiKey: 'sk-brownout-placeholder-0000000000000000',
  hfToken: 'hf_brownoutPlaceholder0000000000000000',
} as const;

/**
 * Which keys go upstream. Against the real APIs (no `--upstream`), the keys in the environment.
 * Against an `--upstream`, placeholders unless the user opted in (`--forward-keys`): whoever
 * listens at that origin would read real keys in plaintext.
 *
 * @example
 * upstreamKeys({ upstream: 'http://127.0.0.1:8787', forwardKeys: false, env: process.env }).openaiKey
 * // 'sk-brownout-placeholder-...'
 */
export function upstreamKeys(options: {
  upstream: string | undefined;
  forwardKeys: boolean;
  env: NodeJS.ProcessEnv;
}): UpstreamKeys {
  const { env } = options;
  if (options.upstream !== undefined && !options.forwardKeys) {
    return { ...PLACEHOLDER_KEYS, description: 'placeholder keys (--forward-keys sends the real ones)' };
  }
  const named = ['OPENAI_API_KEY', 'HF_TOKEN'].filter((name) => env[name]);
  return {
    openaiKey: env.OPENAI_API_KEY ?? 'sk-brownout-no-key',
    hfToken: env.HF_TOKEN ?? '',
    description: named.length > 0 ? `real keys from ${named.join(', ')}` : 'no keys in the environment',
  };
}
