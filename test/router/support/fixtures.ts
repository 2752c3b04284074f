import { readFileSync } from 'node:fs';

const ROOT = new URL('../../../fixtures/', import.meta.url);

/** Raw text of a file under fixtures/. */
export function fixtureText(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

/** A fresh parsed copy of a JSON fixture (normalization mutates its input). */
export function fixtureJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(fixtureText(path)) as T;
}

/** The `data:` payloads of an SSE fixture, in order (including `[DONE]`). */
export function sseEvents(path: string): string[] {
  return fixtureText(path)
    .split('\n\n')
    .map((block) => block.trim())
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice('data: '.length));
}

/** Serializes SSE `data:` payloads the way both providers frame them. */
export function sseFrame(events: string[]): string {
  return events.map((data) => `data: ${data}\n\n`).join('');
}

export const OPENAI_COMPLETION = 'openai/chat-completion.json';
export const OPENAI_STREAM = 'openai/chat-stream.sse';
export const OPENAI_MODELS = 'openai/models.json';
export const HF_COMPLETION = 'huggingface/chat-completion.json';
export const HF_STREAM = 'huggingface/chat-stream.sse';
export const HF_MODEL_INFO = 'huggingface/model-info.json';
