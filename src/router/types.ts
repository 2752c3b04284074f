import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';

export type { ChatCompletion, ChatCompletionChunk };

/**
 * What a caller sends: the OpenAI chat completion parameters. `model` is optional and ignored
 * for routing: each provider sends its own configured model.
 */
export type ChatRequest = Omit<ChatCompletionCreateParamsNonStreaming, 'model' | 'stream'> & {
  model?: string;
};

/** A monotonic clock in milliseconds (performance.now by default; tests inject their own). */
export type Clock = () => number;
