/**
 * The fault catalog: every kind, one module each (src/faults/kinds/<kind>.ts holds its schema,
 * action and backend support). The model builds its union from this list, the backend matrix its
 * rows; adding a kind is one file plus one line here.
 */
import { auth } from './kinds/auth.ts';
import { httpError } from './kinds/http-error.ts';
import { invalidRequest } from './kinds/invalid-request.ts';
import { latency } from './kinds/latency.ts';
import { malformed } from './kinds/malformed.ts';
import { modelLoading } from './kinds/model-loading.ts';
import { modelMissing } from './kinds/model-missing.ts';
import { network } from './kinds/network.ts';
import { rateLimit } from './kinds/rate-limit.ts';
import { reasoningExhausted } from './kinds/reasoning-exhausted.ts';
import { schemaDrift } from './kinds/schema-drift.ts';
import { streamCut } from './kinds/stream-cut.ts';
import { timeout } from './kinds/timeout.ts';
import type { FaultKindModule } from './kinds/types.ts';
import type { ProviderRequest } from './request.ts';

/** Every kind's module, in catalog order (the order of the docs, the matrix and "valid kinds are"). */
export const KINDS = [
  httpError,
  rateLimit,
  timeout,
  auth,
  modelMissing,
  network,
  malformed,
  schemaDrift,
  streamCut,
  latency,
  modelLoading,
  invalidRequest,
  reasoningExhausted,
] as const;

type KindModule = (typeof KINDS)[number];
/** The name of a kind in the catalog (the model's `FaultKind`). */
type KindName = KindModule['kind'];
/** Anything that names its kind: a fault, as the catalog's lookups need it. */
type Kinded = { readonly kind: KindName };

/** Every kind's module, keyed by kind. */
export const CATALOG = Object.fromEntries(KINDS.map((module) => [module.kind, module])) as {
  readonly [M in KindModule as M['kind']]: M;
};

/** The module of a fault's kind, typed loosely: each module only ever sees faults of its kind. */
export function kindOf(fault: Kinded): FaultKindModule {
  return CATALOG[fault.kind] as unknown as FaultKindModule;
}

/** Every backend-matrix key: `http-error`, `timeout:hang`, `network:dns`, ... */
export const VARIANTS: readonly string[] = KINDS.flatMap((m) => m.variants);

/** The backend-matrix key of a fault. */
export function variantOf(fault: Kinded): string {
  return kindOf(fault).variant(fault as never);
}

/** What the selector asks of the kinds (its `KindPolicy`). */
export const catalogPolicy = {
  applies: (fault: Kinded, request: ProviderRequest): boolean =>
    kindOf(fault).applies?.(fault as never, request) ?? true,
  appliesTo: (fault: Kinded): ((request: ProviderRequest) => boolean) | undefined => {
    const applies = kindOf(fault).applies;
    return applies && ((request) => applies(fault as never, request));
  },
  latchMs: (fault: Kinded): number | undefined => kindOf(fault).latchMs?.(fault as never),
};
