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

/** Where a raw request URL goes: its route, its path and its query (without `?`). */
export interface Place {
  route: Route;
  pathname: string;
  query: string;
}

/** Places seen, by raw URL: the same few URLs over and over under load, each split once. */
const places = new Map<string, Place>();

/** {@link route} of a raw request URL, remembered for the last few hundred distinct URLs. */
export function placeOf(raw: string): Place {
  let found = places.get(raw);
  if (found === undefined) {
    const { pathname, query } = splitUrl(raw);
    found = { route: routeOf(pathname), pathname, query };
    if (places.size >= SEEN_MAX) places.clear();
    places.set(raw, found);
  }
  return found;
}

/** A plain path (no dot segments, no escapes to normalise) splits by hand; anything else goes through URL. */
const PLAIN_PATH = /^\/[A-Za-z0-9_.~/-]*$/;

function splitUrl(raw: string): { pathname: string; query: string } {
  const q = raw.indexOf('?');
  const pathname = q < 0 ? raw : raw.slice(0, q);
  if (PLAIN_PATH.test(pathname) && !pathname.includes('/.') && !pathname.includes('//')) {
    return { pathname, query: q < 0 ? '' : (raw.slice(q + 1).split('#')[0] ?? '') };
  }
  const url = new URL(raw, 'http://fault-server');
  return { pathname: url.pathname, query: url.search.slice(1) };
}
