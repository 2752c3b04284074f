/**
 * The runner's own provider probe. A scenario that judges a provider's health (`provider-probe`)
 * needs a probe before traffic; the reference router offers one, a black box (a gateway, a
 * `defineSystem` module) does not. Then the runner probes the provider itself, as the synthetic
 * monitor does, with the same provider code the reference router uses (OpenAI: `GET /models`;
 * Hugging Face: the hub's model info), straight to the fake provider, never through the system.
 *
 * Its requests carry the probe tag in the URL (`?brownout-probe=<key>`, see faults/correlation.ts),
 * so the upstream record keeps them apart from the system's traffic: they count neither for nor
 * against the system, and they show that the scenario's fault really fired.
 */
import { probeTaggedUrl } from '../faults/correlation.ts';
import type { ProbeRecord } from '../history/history.ts';
import { ProviderError } from '../router/errors.ts';
import type { Transport } from '../router/transport/transport.ts';
import { buildProviders } from '../systems/reference.ts';
import type { RouterConfig } from '../systems/router-config.ts';
import type { Credentials, ProviderUrls } from '../systems/system-under-test.ts';

/** The providers a scenario's `provider-probe` checks judge, in first-seen order. */
export function judgedProbeProviders(checks: Readonly<Record<string, unknown>>): string[] {
  const entry = checks['provider-probe'];
  const list = Array.isArray(entry) ? entry : entry === undefined ? [] : [entry];
  const names: string[] = [];
  for (const options of list) {
    const provider = (options as { provider?: unknown } | null)?.provider;
    if (typeof provider === 'string' && !names.includes(provider)) names.push(provider);
  }
  return names;
}

/** The transport with every request's URL tagged as the runner's probe (`key`). */
export function probeTaggingTransport(inner: Transport, key: string): Transport {
  const tagged: typeof globalThis.fetch = (input, init) => {
    if (typeof input === 'string') return inner.fetch(probeTaggedUrl(input, key), init);
    if (input instanceof URL) return inner.fetch(new URL(probeTaggedUrl(input.href, key)), init);
    return inner.fetch(new Request(probeTaggedUrl(input.url, key), input), init);
  };
  return {
    name: `${inner.name}+runner-probe`,
    request: (request) => inner.request({ ...request, url: probeTaggedUrl(request.url, key) }),
    fetch: tagged,
    // The session owns the inner transport and closes it.
    close: async () => {},
  };
}

export interface RunnerProbeInput {
  config: RouterConfig;
  endpoints: ProviderUrls;
  credentials: Credentials;
  transport: Transport;
  /** The providers to probe (each must be one of the scenario's). */
  providers: readonly string[];
  /** The probe tag, unique per scenario run. */
  key: string;
  timeoutMs: number;
  /** `performance.now()` at the scenario start. */
  t0: number;
}

/** Probes each provider once, in order, and records what it found (`by: 'runner'`). */
export async function runnerProbes(input: RunnerProbeInput): Promise<ProbeRecord[]> {
  const built = buildProviders(input.config, input.endpoints, input.credentials);
  const transport = probeTaggingTransport(input.transport, input.key);
  const probes: ProbeRecord[] = [];
  for (const name of input.providers) {
    const provider = built.find((p) => p.name === name);
    if (!provider) continue;
    const atMs = performance.now() - input.t0;
    const signal = AbortSignal.timeout(input.timeoutMs);
    const started = performance.now();
    try {
      await provider.probe({ signal, transport });
      probes.push({ provider: name, by: 'runner', atMs, ok: true, ms: performance.now() - started });
    } catch (thrown) {
      const error =
        thrown instanceof ProviderError
          ? { code: thrown.code, message: thrown.message }
          : {
              code: signal.aborted ? 'timeout' : 'network',
              message: `${name} probe failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
            };
      probes.push({ provider: name, by: 'runner', atMs, ok: false, ms: performance.now() - started, error });
    }
  }
  return probes;
}
