import { openaiCompatible } from './openai-compatible.ts';
import type { Provider } from './provider.ts';

export interface OpenAIOptions {
  apiKey: string;
  model: string;
  /** Default `https://api.openai.com/v1`. */
  baseURL?: string;
  organization?: string;
  project?: string;
  /** The provider's name in routes and reports (default `openai`). */
  name?: string;
}

/**
 * OpenAI's chat completions API, JSON and SSE streaming. Its probe is an authenticated
 * `GET /models`: cheap, no tokens, and it fails on a bad key as a real request would.
 *
 * @example
 * openai({ apiKey: process.env.OPENAI_API_KEY!, model: 'gpt-4o-mini' })
 */
export function openai(options: OpenAIOptions): Provider {
  const headers: Record<string, string> = {};
  if (options.organization) headers['openai-organization'] = options.organization;
  if (options.project) headers['openai-project'] = options.project;
  return openaiCompatible({
    name: options.name ?? 'openai',
    baseURL: options.baseURL ?? 'https://api.openai.com/v1',
    apiKey: options.apiKey,
    model: options.model,
    headers,
  });
}
