// A kind is one file (schema, action, backend support); these hold every kind to that contract.

import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { KINDS } from '../../../src/faults/catalog.ts';
import { defineKind, kindSchema } from '../../../src/faults/kinds/types.ts';
import { BACKENDS } from '../../../src/faults/support.ts';

/** The smallest valid fault of each kind (latency needs its `ms`). */
const minimal = (kind: string) => ({ kind, target: 'openai', ...(kind === 'latency' ? { ms: 5 } : {}) });

describe('kindSchema and defineKind', () => {
  const schema = kindSchema('example', { level: z.number().optional() });

  it('orders the fields kind, blast radius, then the kind own options (the order "valid fields are" lists)', () => {
    expect(Object.keys(schema.shape)).toEqual([
      'kind',
      'target',
      'path',
      'model',
      'probability',
      'times',
      'after',
      'startMs',
      'durationMs',
      'flap',
      'level',
    ]);
    expect(schema.safeParse({ kind: 'example', target: 'openai', levle: 1 }).success).toBe(false);
  });

  it('takes the kind name from the schema', () => {
    const module = defineKind({
      schema,
      variants: ['example'],
      variant: () => 'example',
      action: () => ({ type: 'hang' }),
    });
    expect(module.kind).toBe('example');
  });
});

describe('every kind in the catalog', () => {
  it.each(KINDS.map((module) => [module.kind, module] as const))(
    '%s: schema and module agree',
    (kind, module) => {
      expect(module.schema.shape.kind.value).toBe(kind);
      const fault = module.schema.parse(minimal(kind));
      expect(module.variants).toContain(module.variant(fault as never));
    },
  );

  it.each(KINDS.map((module) => [module.kind, module] as const))(
    '%s: declares support only for its own variants and for known backends',
    (_kind, module) => {
      // A misspelt variant or backend would leave the matrix saying "native" without a word.
      for (const [variant, byBackend] of Object.entries(module.support ?? {})) {
        expect(module.variants).toContain(variant);
        for (const backend of Object.keys(byBackend)) expect(BACKENDS).toContain(backend);
      }
    },
  );

  it('names every kind once', () => {
    const kinds = KINDS.map((module) => module.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});
