import { classifyHttpError, classifyThrown, parseErrorBody } from '../router/classify.ts';
import { ProviderError } from '../router/errors.ts';
import type { HubTarget } from './paths.ts';

/** What the hub says about a fallback model, beyond "the completion worked". */
export interface HubVerdict {
  /** The repo exists, is not disabled, is not gated beyond the token, and (when asked) has a live provider. */
  available: boolean;
  error?: ProviderError;
  /** Inference providers the hub maps the model to, with their status (`live` | `staging`). */
  mapping?: Record<string, string>;
}

/**
 * Asks the Hugging Face hub about the model: `GET /api/models/{id}?expand[]=...` with the
 * repo's `gated` and `disabled` flags and `inferenceProviderMapping`. The failures teams find in
 * an outage: the repo moved (404), was disabled, became gated, or lost its last live provider.
 */
export async function checkHub(target: HubTarget, signal: AbortSignal): Promise<HubVerdict> {
  const { provider, model } = target;
  const expand = ['gated', 'disabled', ...(target.checkMapping ? ['inferenceProviderMapping'] : [])];
  const query = expand.map((field) => `expand[]=${encodeURIComponent(field)}`).join('&');
  const url = `${target.hubUrl}/api/models/${model.split('/').map(encodeURIComponent).join('/')}?${query}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: target.accessToken ? { authorization: `Bearer ${target.accessToken}` } : {},
      signal,
    });
  } catch (error) {
    return { available: false, error: classifyThrown(provider, error) };
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const error = classifyHttpError(
      provider,
      response.status,
      (k) => response.headers.get(k) ?? undefined,
      parseErrorBody(text),
    );
    if (response.status === 404 || response.status === 410)
      return {
        available: false,
        error: missing(
          provider,
          `the model repo ${model} was not found on the hub`,
          'repo-missing',
          response.status,
        ),
      };
    return { available: false, error };
  }
  let info: Record<string, unknown>;
  try {
    info = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return { available: false, error: classifyThrown(provider, error) };
  }
  if (info.disabled === true)
    return {
      available: false,
      error: missing(provider, `the model repo ${model} is disabled on the hub`, 'repo-disabled'),
    };
  if (info.gated !== undefined && info.gated !== false && !target.accessToken) {
    return {
      available: false,
      error: new ProviderError(
        'auth',
        `${provider}: the model repo ${model} is gated (${String(info.gated)}) and no token is configured`,
        {
          provider,
          detail: 'gated',
        },
      ),
    };
  }
  if (!target.checkMapping) return { available: true };
  const mapping = readMapping(info.inferenceProviderMapping);
  const wanted = target.inferenceProvider;
  const live = Object.entries(mapping).filter(
    ([name, status]) => status === 'live' && (!wanted || name === wanted),
  );
  if (live.length === 0) {
    const what = wanted
      ? `is not mapped to a live "${wanted}"`
      : 'is not mapped to any live inference provider';
    return {
      available: false,
      mapping,
      error: missing(provider, `the model ${model} ${what}`, 'no-live-provider'),
    };
  }
  return { available: true, mapping };
}

function missing(provider: string, what: string, detail: string, status?: number): ProviderError {
  return new ProviderError('model-missing', `${provider}: ${what}`, {
    provider,
    detail,
    ...(status ? { status } : {}),
  });
}

/** The hub sends the mapping as an object by provider name, or (newer) as a list with `provider`. */
function readMapping(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const entry of raw as Array<Record<string, unknown>>)
      if (typeof entry?.provider === 'string') out[entry.provider] = String(entry.status ?? 'unknown');
  } else if (raw && typeof raw === 'object') {
    for (const [name, entry] of Object.entries(raw as Record<string, Record<string, unknown>>))
      out[name] = String(entry?.status ?? 'unknown');
  }
  return out;
}
