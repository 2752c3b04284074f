import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isProviderError } from '../../src/router/errors.ts';
import {
  normalizeChunk,
  normalizeChunkInPlace,
  normalizeCompletion,
  normalizeCompletionInPlace,
} from '../../src/router/normalize.ts';
import { validateChunk, validateCompletion } from '../../src/router/schema.ts';

const RUNS = { numRuns: 200 };
const CTX = { provider: 'huggingface', model: 'openai/gpt-oss-20b', nowS: 1_764_000_000 };

/** Every finish reason a Hugging Face answer carries, and what it must become. */
const HF_FINISH: Record<string, 'stop' | 'length' | 'tool_calls'> = {
  stop: 'stop',
  length: 'length',
  eos_token: 'stop',
  eos: 'stop',
  stop_sequence: 'stop',
  tool_calls: 'tool_calls',
};
const KNOWN_FINISH = [
  ...Object.keys(HF_FINISH),
  'content_filter',
  'function_call',
  'end_turn',
  'max_tokens',
  'model_length',
  'tool_use',
];

const finishArb = fc.constantFrom<string | null>(...Object.keys(HF_FINISH), null);
/** Any text: unicode graphemes, raw code units (lone surrogates too), or nothing at all. */
const textArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '\n', '👩‍👩‍👧‍👦', 'e\u0301', '\u0000', '"}]'),
);
const countArb = fc.nat({ max: 100_000 });
/** Usage as providers send it: whole, without a total, with odd types, null, or not an object. */
const usageArb = fc.oneof(
  fc.record({ prompt_tokens: countArb, completion_tokens: countArb, total_tokens: countArb }),
  fc.record({ prompt_tokens: countArb, completion_tokens: countArb }),
  fc.record({ prompt_tokens: countArb, completion_tokens: countArb, total_tokens: fc.constant(null) }),
  fc.record({ prompt_tokens: countArb.map(String), completion_tokens: countArb }),
  fc.record({ prompt_tokens: fc.double({ noNaN: true }), completion_tokens: countArb }),
  fc.record({
    prompt_tokens: countArb,
    completion_tokens: countArb,
    total_tokens: countArb,
    prompt_tokens_details: fc.constant(null),
    completion_tokens_details: fc.constant(null),
  }),
  fc.constantFrom(null, 'n/a', 0, [] as unknown[]),
);
const idArb = fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 20 }));
/** `undefined` means the field is absent on the wire. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const toolCallsArb = fc.array(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 12 }),
    type: fc.constant('function' as const),
    function: fc.record({ name: fc.string({ minLength: 1, maxLength: 12 }), arguments: textArb }),
  }),
  { minLength: 1, maxLength: 2 },
);

const hfChoiceArb = fc.record({
  finish_reason: finishArb,
  content: fc.option(textArb, { nil: null }),
  refusal: maybe(fc.constant(null)),
  logprobs: maybe(fc.constant(null)),
  tool_calls: maybe(fc.oneof(fc.constant(null), toolCallsArb)),
  reasoning_content: maybe(fc.option(textArb, { nil: null })),
});

type HfChoice = typeof hfChoiceArb extends fc.Arbitrary<infer C> ? C : never;

const hfCompletionArb = fc.record({
  id: maybe(idArb),
  created: maybe(fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.constant(1.5))),
  model: maybe(fc.oneof(fc.constant(''), fc.string({ maxLength: 20 }))),
  system_fingerprint: maybe(fc.oneof(fc.constant(null), fc.constant(''), fc.string({ maxLength: 20 }))),
  usage: maybe(usageArb),
  choices: fc.array(hfChoiceArb, { minLength: 1, maxLength: 3 }),
});

/** A completion body as the Hugging Face router sends it: JSON, absent fields absent. */
function wireCompletion(
  c: typeof hfCompletionArb extends fc.Arbitrary<infer A> ? A : never,
): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      object: 'chat.completion',
      ...c,
      choices: c.choices.map((ch: HfChoice, index) => ({
        index,
        message: {
          role: 'assistant',
          content: ch.content,
          refusal: ch.refusal,
          tool_calls: ch.tool_calls,
          reasoning_content: ch.reasoning_content,
        },
        logprobs: ch.logprobs,
        finish_reason: ch.finish_reason,
      })),
    }),
  );
}

const validUsage = (
  usage: unknown,
): usage is { prompt_tokens: number; completion_tokens: number; total_tokens?: unknown } =>
  typeof usage === 'object' &&
  usage !== null &&
  Number.isInteger((usage as { prompt_tokens?: unknown }).prompt_tokens) &&
  Number.isInteger((usage as { completion_tokens?: unknown }).completion_tokens);

describe('normalizeCompletion: Hugging Face answers always become schema-valid completions', () => {
  it('for any text, finish reason, usage, id and missing fields', () => {
    fc.assert(
      fc.property(hfCompletionArb, (generated) => {
        const raw = wireCompletion(generated);
        const sent = structuredClone(raw);
        const out = normalizeCompletion(raw, CTX);
        expect(validateCompletion(out)).toEqual({ valid: true });
        expect(out.object).toBe('chat.completion');
        expect(out.id).not.toBe('');
        if (typeof sent.id === 'string' && sent.id !== '') expect(out.id).toBe(sent.id);
        expect(out.model).toBe(typeof sent.model === 'string' && sent.model !== '' ? sent.model : CTX.model);
        expect(Number.isInteger(out.created)).toBe(true);
        expect(out.system_fingerprint ?? undefined).not.toBeNull();
        generated.choices.forEach((choice, i) => {
          const normalized = out.choices[i];
          expect(normalized?.finish_reason).toBe(
            choice.finish_reason === null ? 'stop' : HF_FINISH[choice.finish_reason],
          );
          expect(normalized?.message.content).toBe(choice.content);
          expect(normalized?.message.refusal).toBeNull();
          expect(normalized?.logprobs).toBeNull();
          expect(normalized?.index).toBe(i);
        });
        if (validUsage(sent.usage)) {
          const { prompt_tokens, completion_tokens, total_tokens } = sent.usage;
          expect(out.usage?.total_tokens).toBe(
            Number.isInteger(total_tokens) ? total_tokens : prompt_tokens + completion_tokens,
          );
        } else {
          expect(out.usage).toBeUndefined();
        }
      }),
      RUNS,
    );
  });

  it('rejects an unknown finish reason as malformed schema drift', () => {
    const unknownArb = fc.oneof(
      fc.string({ maxLength: 20 }).filter((s) => !KNOWN_FINISH.includes(s)),
      fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'STOP', 'eos_token '),
    );
    fc.assert(
      fc.property(hfCompletionArb, unknownArb, (generated, finish) => {
        const raw = wireCompletion(generated);
        (raw.choices as Array<{ finish_reason: unknown }>)[0]!.finish_reason = finish;
        expectDrift(() => normalizeCompletion(raw, CTX));
      }),
      RUNS,
    );
  });

  it('rejects missing, empty or non-array choices as malformed', () => {
    fc.assert(
      fc.property(
        hfCompletionArb,
        fc.constantFrom<unknown>(undefined, null, [], {}, 'choices', 0),
        (generated, choices) => {
          const raw = wireCompletion(generated);
          if (choices === undefined) delete raw.choices;
          else raw.choices = choices;
          expectDrift(() => normalizeCompletion(raw, CTX));
        },
      ),
      RUNS,
    );
  });

  it('rejects a body that is not an object', () => {
    for (const body of [null, 'text', 42, [], true]) expectDrift(() => normalizeCompletion(body, CTX));
  });
});

const hfChunkChoiceArb = fc.record({
  role: maybe(fc.constant('assistant' as const)),
  content: maybe(fc.option(textArb, { nil: null })),
  tool_call_id: maybe(fc.constant(null)),
  tool_calls: maybe(fc.constant(null)),
  logprobs: maybe(fc.constant(null)),
  finish_reason: finishArb,
});

const hfChunkArb = fc.record({
  id: maybe(idArb),
  created: maybe(fc.integer({ min: 0, max: 2_000_000_000 })),
  model: maybe(fc.string({ maxLength: 20 })),
  system_fingerprint: maybe(fc.oneof(fc.constant(null), fc.string({ maxLength: 20 }))),
  usage: maybe(usageArb),
  // Hugging Face ends with an empty-choices chunk that carries the usage.
  choices: fc.array(hfChunkChoiceArb, { minLength: 0, maxLength: 2 }),
});

function wireChunk(c: typeof hfChunkArb extends fc.Arbitrary<infer A> ? A : never): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      object: 'chat.completion.chunk',
      ...c,
      choices: c.choices.map(({ logprobs, finish_reason, ...delta }, index) => ({
        index,
        delta,
        logprobs,
        finish_reason,
      })),
    }),
  );
}

describe('normalizeChunk: Hugging Face stream chunks always become schema-valid chunks', () => {
  it('for any text, finish reason, usage, id and missing fields', () => {
    fc.assert(
      fc.property(hfChunkArb, (generated) => {
        const raw = wireChunk(generated);
        const sent = structuredClone(raw);
        const out = normalizeChunk(raw, { ...CTX, id: 'chatcmpl-stream-1' });
        expect(validateChunk(out)).toEqual({ valid: true });
        expect(out.object).toBe('chat.completion.chunk');
        expect(out.id).toBe(typeof sent.id === 'string' && sent.id !== '' ? sent.id : 'chatcmpl-stream-1');
        generated.choices.forEach((choice, i) => {
          const normalized = out.choices[i];
          expect(normalized?.finish_reason).toBe(
            choice.finish_reason === null ? null : HF_FINISH[choice.finish_reason],
          );
          expect(normalized?.delta.content).toBe(choice.content);
          expect(normalized?.delta).not.toHaveProperty('tool_call_id');
        });
      }),
      RUNS,
    );
  });

  it('gives every chunk of a stream with empty ids the one id of its stream', () => {
    fc.assert(
      fc.property(fc.array(hfChunkArb, { minLength: 1, maxLength: 6 }), (chunks) => {
        const ids = chunks.map(
          (c) => normalizeChunk(wireChunk({ ...c, id: '' }), { ...CTX, id: 'chatcmpl-one' }).id,
        );
        expect(new Set(ids)).toEqual(new Set(['chatcmpl-one']));
      }),
      RUNS,
    );
  });

  it('rejects an unknown finish reason and missing choices as malformed', () => {
    fc.assert(
      fc.property(
        hfChunkArb.filter((c) => c.choices.length > 0),
        fc.string({ maxLength: 20 }).filter((s) => !KNOWN_FINISH.includes(s)),
        (generated, finish) => {
          const raw = wireChunk(generated);
          (raw.choices as Array<{ finish_reason: unknown }>)[0]!.finish_reason = finish;
          expectDrift(() => normalizeChunk(raw, CTX));
          const noChoices = wireChunk(generated);
          delete noChoices.choices;
          expectDrift(() => normalizeChunk(noChoices, CTX));
        },
      ),
      RUNS,
    );
  });
});

describe('replay', () => {
  it('a failing property reports its seed, and the seed replays the same counterexample', () => {
    // A deliberately false claim, to hold the replay path to account: "no HF answer has an empty content".
    const claim = fc.property(hfCompletionArb, (generated) => {
      const out = normalizeCompletion(wireCompletion(generated), CTX);
      return out.choices.every((c) => c.message.content !== '');
    });
    const first = fc.check(claim, { seed: 42, numRuns: 200 });
    expect(first.failed).toBe(true);
    expect(first.seed).toBe(42);
    const replay = fc.check(claim, {
      seed: first.seed,
      path: first.counterexamplePath ?? undefined,
      numRuns: 200,
    });
    expect(replay.failed).toBe(true);
    expect(replay.counterexample).toEqual(first.counterexample);
  });
});

function expectDrift(run: () => unknown): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isProviderError(thrown)).toBe(true);
  expect(thrown).toMatchObject({ code: 'malformed', detail: 'schema-drift' });
}

describe('normalizing says whether it rewrote anything (the gateway then sends the provider text as it came)', () => {
  it('a completion: "unchanged" exactly when its encoding is the same before and after', () => {
    fc.assert(
      fc.property(hfCompletionArb, (generated) => {
        const raw = wireCompletion(generated);
        const before = JSON.stringify(raw);
        const changed = normalizeCompletionInPlace(raw, CTX);
        expect(changed).toBe(JSON.stringify(raw) !== before);
      }),
      RUNS,
    );
  });

  it('a chunk: "unchanged" exactly when its encoding is the same before and after', () => {
    fc.assert(
      fc.property(hfChunkArb, (generated) => {
        const raw = wireChunk(generated);
        const before = JSON.stringify(raw);
        const changed = normalizeChunkInPlace(raw, { ...CTX, id: 'chatcmpl-stream-1' });
        expect(changed).toBe(JSON.stringify(raw) !== before);
      }),
      RUNS,
    );
  });

  it("OpenAI's own answer and chunk need no rewrite", () => {
    const answer = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_764_000_000,
      model: 'gpt-4o-mini',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello!', refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 },
      system_fingerprint: 'fp_1',
    };
    expect(normalizeCompletionInPlace(structuredClone(answer), CTX)).toBe(false);
    const chunk = {
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1_764_000_000,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, delta: { content: 'Hello!' }, logprobs: null, finish_reason: null }],
    };
    expect(normalizeChunkInPlace(structuredClone(chunk), CTX)).toBe(false);
    // The same answer from a server that omits `refusal`: filled in, so rewritten.
    const loose = structuredClone(answer) as { choices: Array<{ message: Record<string, unknown> }> };
    delete loose.choices[0]?.message.refusal;
    expect(normalizeCompletionInPlace(loose, CTX)).toBe(true);
  });
});
