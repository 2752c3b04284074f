import type { Action, RespondAction } from '../action.ts';
import type { RenderOptions } from '../fakes/answer.ts';
import type { Answer, AnswerContext } from '../fakes/index.ts';
import type { FaultKind, FaultOf } from '../model.ts';
import type { Random } from '../random.ts';
import type { ProviderRequest } from '../request.ts';

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
 * One fault kind: like a Toxiproxy toxic, a small object with one job (turn a fault and a request
 * into an action). Blast radius is not its business; the selector owns it.
 */
export interface FaultKindModule<K extends FaultKind = FaultKind> {
  kind: K;
  /** Backend-matrix keys this kind can produce: `timeout:hang`, ... (or just the kind). */
  variants: readonly string[];
  /** The matrix key of one fault. */
  variant(fault: FaultOf<K>): string;
  /** False when the fault cannot hit this request; default true. */
  applies?(fault: FaultOf<K>, request: ProviderRequest): boolean;
  /** Once fired, stay on for this many ms regardless of probability and times (a 429 storm). */
  latchMs?(fault: FaultOf<K>): number | undefined;
  /** True when the client gets the healthy answer whole, only timed differently (latency, slow body). */
  intact?(fault: FaultOf<K>): boolean;
  action(fault: FaultOf<K>, ctx: FaultContext): Action;
}

/** Declares a kind module with its fault type inferred from `kind`. */
export function defineKind<K extends FaultKind>(module: FaultKindModule<K>): FaultKindModule<K> {
  return module;
}
