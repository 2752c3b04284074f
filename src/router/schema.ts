import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/** The official OpenAI response schema, shipped in fixtures/ (same relative path from src/ and dist/). */
const SCHEMA_URL = new URL('../../fixtures/openai-chat.schema.json', import.meta.url);
const SCHEMA_ID = 'openai-chat';

let validators: { completion: ValidateFunction; chunk: ValidateFunction } | undefined;

function load() {
  if (validators) return validators;
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
  ajv.addSchema(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')), SCHEMA_ID);
  validators = {
    completion: ajv.compile({ $ref: `${SCHEMA_ID}#/$defs/CreateChatCompletionResponse` }),
    chunk: ajv.compile({ $ref: `${SCHEMA_ID}#/$defs/CreateChatCompletionStreamResponse` }),
  };
  return validators;
}

/**
 * Compiles the validators now (about 150 ms, once per process), so that cost falls at router
 * creation and never on a request.
 */
export function prepareSchemaValidators(): void {
  load();
}

export interface SchemaVerdict {
  valid: boolean;
  /** The first violation, as `path: message`. */
  error?: string;
}

function verdict(validate: ValidateFunction, value: unknown): SchemaVerdict {
  if (validate(value)) return { valid: true };
  return { valid: false, error: describeError(validate.errors?.[0]) };
}

function describeError(error: ErrorObject | undefined): string {
  if (!error) return 'invalid';
  const params =
    error.params && Object.keys(error.params).length > 0 ? ` ${JSON.stringify(error.params)}` : '';
  return `${error.instancePath || '/'}: ${error.message ?? 'invalid'}${params}`;
}

/** Validates a `chat.completion` against the official OpenAI schema. */
export function validateCompletion(value: unknown): SchemaVerdict {
  return verdict(load().completion, value);
}

/** Validates a `chat.completion.chunk` against the official OpenAI schema. */
export function validateChunk(value: unknown): SchemaVerdict {
  return verdict(load().chunk, value);
}
