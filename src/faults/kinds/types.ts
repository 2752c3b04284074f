import * as z from 'zod';
import type { Action, RespondAction } from '../action.ts';
import type { RenderOptions } from '../fakes/answer.ts';
import type { Answer, AnswerContext } from '../fakes/index.ts';
import { radius } from '../radius.ts';
import type { Random } from '../random.ts';
import type { ProviderRequest } from '../request.ts';
import type { BackendName, Support } from '../support.ts';

/** What a kind may use to build its action for one request. */
export interface FaultContext extends AnswerContext {
  request: ProviderRequest;
  /** The injector's seeded source (latency samples, garbage bytes). */
  random: Random;
  /** The answer the healthy fake provider would give to this request. */
  healthy(): Answer;
  /** Renders an answer with the injector's configured latency and chunk spacing. */
  render(answer: Answer, options?: RenderOptions): RespondAction;
}

/**
 * A kind's schema: a strict object of `kind` (a literal), the blast radius, then the kind's own
 * options. Strict: a typo in a field name is an error, not a silent no-op.
 */
export function kindSchema<const K extends string, const F extends z.ZodRawShape>(kind: K, fields: F) {
  return z.strictObject({ kind: z.literal(kind), ...radius, ...fields });
}

/** Any kind's schema, as the catalog and the model see it. */
export type KindSchema = z.ZodObject<{ kind: z.ZodLiteral<string> }, z.core.$strict>;

/** Per fault variant, how each backend produces it; a backend left out produces it natively. */
export type KindSupport = Readonly<Record<string, Partial<Record<BackendName, Support>>>>;

/**
 * One fault kind, whole: like a Toxiproxy toxic, one file with its schema (what a fault of this
 * kind may say), its action (turn a fault and a request into what the client observes) and its
 * backend support. Blast radius is not its business; the selector owns it.
 */
export interface FaultKindModule<S extends KindSchema = KindSchema> {
  kind: z.output<S>['kind'];
  schema: S;
  /** Backend-matrix keys this kind can produce: `timeout:hang`, ... (or just the kind). */
  variants: readonly string[];
  /** Where a backend cannot produce a variant natively (the backend matrix gathers these). */
  support?: KindSupport;
  /** The matrix key of one fault. */
  variant(fault: z.output<S>): string;
  /** False when the fault cannot hit this request; default true. */
  applies?(fault: z.output<S>, request: ProviderRequest): boolean;
  /** Once fired, stay on for this many ms regardless of probability and times (a 429 storm). */
  latchMs?(fault: z.output<S>): number | undefined;
  /** True when the client gets the healthy answer whole, only timed differently (latency, slow body). */
  intact?(fault: z.output<S>): boolean;
  action(fault: z.output<S>, ctx: FaultContext): Action;
}

/** Declares a kind module; its `kind` comes from the schema, its fault type is the schema's output. */
export function defineKind<S extends KindSchema>(
  module: Omit<FaultKindModule<S>, 'kind'>,
): FaultKindModule<S> {
  return { kind: module.schema.shape.kind.value, ...module };
}
