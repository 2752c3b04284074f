/**
 * `brownout load --target-cmd`: the gateway under load started from a shell command, the way
 * `brownout run --target-cmd` starts one (same placeholders, same readiness wait with its bound and
 * the gateway's output on failure, same SIGTERM-then-SIGKILL stop, also when brownout is
 * interrupted). One gateway for the whole load run: its upstream is the run's fault server.
 */
import { healthyChatRequest } from '../systems/gateway-health.ts';
import { startGatewayProcess } from '../systems/gateway-process.ts';
import type { LoadTarget } from './target.ts';

export interface CommandTargetOptions {
  /** The shell command, e.g. `node dist/cli/main.js gateway --port {port} --upstream {upstream}`. */
  command: string;
  /** The placeholders besides `{port}` (`gatewayPlaceholders(faultServer.url)`). */
  values: Record<string, string>;
  /** Sent with the readiness request too: a gateway that routes by header is not ready without them. */
  headers: Record<string, string>;
  /** The key k6 sends (`BROWNOUT_TARGET_API_KEY`), sent with the readiness request too. */
  apiKey?: string;
  readyTimeoutMs?: number;
  graceMs?: number;
}

/**
 * Starts the gateway and resolves once it answers a healthy chat completion; throws
 * `GatewayProcessError` (the gateway already stopped) when it never does.
 *
 * @example const target = await startCommandTarget({ command, values: gatewayPlaceholders(upstream, undefined), headers: {} });
 */
export async function startCommandTarget(
  options: CommandTargetOptions,
): Promise<LoadTarget & { pid: number }> {
  const gateway = await startGatewayProcess({
    command: options.command,
    values: options.values,
    isReady: healthyChatRequest({
      headers: options.headers,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    }),
    ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
    ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
  });
  return {
    baseURL: `${gateway.url}/v1`,
    kind: 'external',
    pid: gateway.pid,
    close: gateway.stop,
  };
}
