/**
 * The fault server's URL space (DESIGN.md): `/openai/...` is OpenAI, `/hf/...` is Hugging Face
 * (router and hub), `/<name>/...` any other provider, `/__brownout/...` the control API.
 */

export const CONTROL_PREFIX = '/__brownout';

export type Route =
  | { type: 'control'; path: string }
  | { type: 'provider'; provider: string; path: string }
  | { type: 'none' };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Where a request path goes. The provider path keeps its leading slash: `/v1/chat/completions`. */
export function route(pathname: string): Route {
  if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
    return { type: 'control', path: pathname.slice(CONTROL_PREFIX.length) || '/' };
  }
  const match = /^\/([^/]+)(\/.*)?$/.exec(pathname);
  const segment = match?.[1];
  if (!segment || !NAME.test(segment)) return { type: 'none' };
  const provider = segment === 'hf' ? 'huggingface' : segment;
  return { type: 'provider', provider, path: match[2] ?? '/' };
}

/** Provider routes seen, by path: a load test asks for the same few paths over and over. */
const seen = new Map<string, Route>();
const SEEN_MAX = 256;

/** {@link route}, remembered for the last few hundred distinct paths (routes are never edited). */
export function routeOf(pathname: string): Route {
  let found = seen.get(pathname);
  if (found === undefined) {
    found = route(pathname);
    if (seen.size >= SEEN_MAX) seen.clear();
    seen.set(pathname, found);
  }
  return found;
}
