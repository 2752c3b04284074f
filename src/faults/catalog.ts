/** The fault catalog: one module per kind, looked up by name. */
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
import type { Fault, FaultKind } from './model.ts';
import type { KindPolicy } from './selector.ts';

/** Every kind's module, keyed by kind. */
export const CATALOG: { readonly [K in FaultKind]: FaultKindModule<K> } = {
  'http-error': httpError,
  'rate-limit': rateLimit,
  timeout,
  auth,
  'model-missing': modelMissing,
  network,
  malformed,
  'schema-drift': schemaDrift,
  'stream-cut': streamCut,
  latency,
  'model-loading': modelLoading,
  'invalid-request': invalidRequest,
  'reasoning-exhausted': reasoningExhausted,
};

/** The module of a fault's kind, typed loosely: each module only ever sees faults of its kind. */
export function kindOf(fault: Fault): FaultKindModule {
  return CATALOG[fault.kind] as unknown as FaultKindModule;
}

/** Every backend-matrix key: `http-error`, `timeout:hang`, `network:dns`, ... */
export const VARIANTS: readonly string[] = Object.values(CATALOG).flatMap((m) => m.variants);

/** The backend-matrix key of a fault. */
export function variantOf(fault: Fault): string {
  return kindOf(fault).variant(fault as never);
}

/** What the selector asks of the kinds. */
export const catalogPolicy: KindPolicy = {
  applies: (fault, request) => kindOf(fault).applies?.(fault as never, request) ?? true,
  latchMs: (fault) => kindOf(fault).latchMs?.(fault as never),
};
