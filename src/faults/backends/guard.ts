/**
 * MSW and nock share one interceptor (FACTS.md): with both active, one silently turns the other off.
 * A process-global registry makes starting the second one fail loudly instead. It lives on
 * `globalThis` under a registered symbol so two copies of the package still see each other.
 */
import { BackendConflictError } from '../errors.ts';

export type InterceptorOwner = 'msw' | 'nock';

const KEY = Symbol.for('brownout.interceptor-owners');
const LABEL: Record<InterceptorOwner, string> = { msw: 'MSW', nock: 'nock' };

function owners(): Map<InterceptorOwner, number> {
  const g = globalThis as { [KEY]?: Map<InterceptorOwner, number> };
  g[KEY] ??= new Map();
  return g[KEY];
}

/**
 * Claims the process's interceptor for `owner`; returns the release function (idempotent).
 * Throws {@link BackendConflictError} when the other library holds it.
 */
export function claimInterceptor(owner: InterceptorOwner): () => void {
  const map = owners();
  const other: InterceptorOwner = owner === 'msw' ? 'nock' : 'msw';
  if ((map.get(other) ?? 0) > 0) {
    throw new BackendConflictError(
      `Cannot start the ${LABEL[owner]} backend: the ${LABEL[other]} backend is active in this process. ` +
        'MSW and nock share one interceptor; run them in separate processes (vitest files).',
    );
  }
  map.set(owner, (map.get(owner) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    map.set(owner, (map.get(owner) ?? 1) - 1);
  };
}
