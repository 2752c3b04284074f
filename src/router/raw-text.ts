/**
 * The provider's own text of an answer or a chunk that normalizing left untouched: the gateway
 * sends it as it came instead of encoding the parsed object again (JSON.stringify of every answer
 * and every chunk was a visible share of the gateway's CPU). Validation is unchanged: the text is
 * kept only for an object that was parsed from it, validated, and not rewritten by the normalizer.
 * Internal to brownout (router and gateway); the object itself stays the public answer.
 *
 * The text stands for the object as the provider returned it: code that changes the object
 * afterwards must not send the text (the router hands it straight to its caller).
 */
const texts = new WeakMap<object, string>();

/** Records `text` as the exact encoding of `value` (parsed from it, validated, not rewritten). */
export function keepRawText(value: object, text: string): void {
  texts.set(value, text);
}

/** The provider's text of `value`, when it can be sent as it came; otherwise undefined. */
export function rawTextOf(value: object): string | undefined {
  return texts.get(value);
}
