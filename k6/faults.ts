/**
 * The fault switch: the whole fault list PUT on the fault server (on), or DELETEd (off). Both
 * replace state rather than add to it, so running a switch twice, or on several runners, is harmless.
 */
import exec from 'k6/execution';
import http from 'k6/http';
import type { LoadConfig } from './config.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

export function switchFaults(config: LoadConfig, on: boolean): void {
  if (!config.faultServer) return;
  const url = `${config.faultServer}/__brownout/faults`;
  const params = { headers: JSON_HEADERS, tags: { name: 'brownout-fault-switch' }, timeout: '10s' };
  const res = on ? http.put(url, JSON.stringify(config.faults), params) : http.del(url, null, params);
  if (res.status !== 200) {
    // A fault phase without its faults measures nothing: stop rather than report a vacuous pass.
    exec.test.abort(
      `brownout: switching faults ${on ? 'on' : 'off'} at ${url} failed: HTTP ${res.status} ${String(res.body ?? res.error).slice(0, 300)}`,
    );
  }
}
