/** Validators for the official OpenAI schema (fixtures/openai-chat.schema.json), with ajv 8 (2020-12). */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../fixtures/openai-chat.schema.json', import.meta.url), 'utf8'),
);
// Formats (uri) are not what the suite checks; ajv-formats is not a dependency.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(schema, 'openai');

/** A `chat.completion` object. */
export const validateCompletion = ajv.getSchema('openai#/$defs/CreateChatCompletionResponse')!;
/** A `chat.completion.chunk` object. */
export const validateChunk = ajv.getSchema('openai#/$defs/CreateChatCompletionStreamResponse')!;
/** An error body. */
export const validateError = ajv.getSchema('openai#/$defs/ErrorResponse')!;

/** The `data:` payloads of an SSE body, `[DONE]` included. */
export function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((event) => event.trim())
    .map((event) => event.replace(/^data: /m, '').trim());
}
