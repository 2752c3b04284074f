import { readFileSync } from 'node:fs';

// fixtures/ sits at the package root, three levels up from src/faults/fakes and dist/faults/fakes.
const root = new URL('../../../fixtures/', import.meta.url);
const cache = new Map<string, unknown>();

/** A fixture body (path relative to fixtures/), parsed once and cloned per call so callers may edit it. */
export function fixtureJson<T = Record<string, unknown>>(path: string): T {
  let value = cache.get(path);
  if (value === undefined) {
    value = JSON.parse(readFileSync(new URL(path, root), 'utf8'));
    cache.set(path, value);
  }
  return structuredClone(value) as T;
}
