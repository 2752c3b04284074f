import { modelInfo } from '@huggingface/hub';
import { ProviderError } from '../errors.ts';
import type { ProviderCallContext } from './provider.ts';

export interface RepoCheckOptions {
  provider: string;
  model: string;
  accessToken?: string;
  /** Replaces `https://huggingface.co`. */
  hubUrl?: string;
  /** How long a verdict is trusted (default 5 minutes; a missing repo is re-checked after 30 s). */
  ttlMs?: number;
  missingTtlMs?: number;
  now?: () => number;
}

interface Verdict {
  error?: ProviderError;
  until: number;
}

/**
 * Checks, through `@huggingface/hub`, that the fallback model's repo really exists and is not
 * disabled: the failure teams discover in an outage when the repo moved. Verdicts are cached;
 * concurrent checks share one call. A hub that cannot be reached proves nothing either way and
 * does not block inference; only "repo missing" or "disabled" fail as `model-missing`.
 */
export class HubRepoCheck {
  #verdict: Verdict | undefined;
  #inflight: Promise<ProviderError | undefined> | undefined;
  readonly #options: RepoCheckOptions;
  readonly #now: () => number;

  constructor(options: RepoCheckOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Throws `model-missing` when the repo is gone; resolves otherwise. */
  async assertPresent(ctx: ProviderCallContext): Promise<void> {
    const cached = this.#verdict;
    if (cached && cached.until > this.#now()) {
      if (cached.error) throw cached.error;
      return;
    }
    this.#inflight ??= this.#check(ctx).finally(() => {
      this.#inflight = undefined;
    });
    const error = await this.#inflight;
    if (error) throw error;
  }

  /** Always asks the hub (the provider's probe), and refreshes the cache. */
  async probe(ctx: ProviderCallContext): Promise<void> {
    const error = await this.#check(ctx);
    if (error) throw error;
  }

  async #check(ctx: ProviderCallContext): Promise<ProviderError | undefined> {
    const { provider, model, accessToken, hubUrl } = this.#options;
    const fetchWithSignal: typeof fetch = (input, init) =>
      ctx.transport.fetch(input, { ...init, signal: ctx.signal });
    try {
      const info = await modelInfo({
        name: model,
        additionalFields: ['disabled'],
        fetch: fetchWithSignal,
        ...(hubUrl ? { hubUrl } : {}),
        ...(accessToken ? { accessToken } : {}),
      });
      if ((info as { disabled?: boolean }).disabled) {
        return this.#remember(
          new ProviderError('model-missing', `${provider}: the model repo ${model} is disabled on the hub`, {
            provider,
            detail: 'repo-disabled',
          }),
        );
      }
      return this.#remember(undefined);
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      if (status === 404 || status === 410) {
        return this.#remember(
          new ProviderError(
            'model-missing',
            `${provider}: the model repo ${model} was not found on the hub`,
            {
              provider,
              status,
              detail: 'repo-missing',
              cause: error,
            },
          ),
        );
      }
      if (ctx.signal.aborted) throw ctx.signal.reason;
      // The hub is unreachable or erring: no verdict, inference decides.
      return undefined;
    }
  }

  #remember(error: ProviderError | undefined): ProviderError | undefined {
    const ttl = error ? (this.#options.missingTtlMs ?? 30_000) : (this.#options.ttlMs ?? 300_000);
    this.#verdict = error ? { error, until: this.#now() + ttl } : { until: this.#now() + ttl };
    return error;
  }
}
