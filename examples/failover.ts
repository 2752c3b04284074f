/**
 * The README's library example, runnable offline: OpenAI answers 503 (injected by brownout's
 * MSW backend on the real api.openai.com host), Hugging Face serves, and the completion is
 * checked against the official OpenAI schema.
 *
 *   npm run example
 */
import { createRouter, huggingface, MswInjector, openai, validateCompletion } from '../src/index.ts';

const faults = new MswInjector({ faults: [{ kind: 'http-error', target: 'openai', status: 503 }] });
await faults.start();

const router = createRouter({
  // MSW intercepts the fetch API, so this example uses the fetch transport (the default, undici, is faster).
  transport: 'fetch',
  providers: [
    openai({ apiKey: process.env.OPENAI_API_KEY ?? 'sk-example-not-a-real-key', model: 'gpt-4o-mini' }),
    huggingface({ accessToken: process.env.HF_TOKEN ?? 'hf_example', model: 'openai/gpt-oss-20b' }),
  ],
  attemptTimeoutMs: 10_000,
  deadlineMs: 20_000,
});

try {
  const { completion, route } = await router.chat({ messages: [{ role: 'user', content: 'Hello' }] });
  for (const attempt of route.attempts) {
    console.log(
      `attempt: ${attempt.provider} → ${attempt.outcome}${attempt.status ? ` (${attempt.status})` : ''} in ${attempt.ms.toFixed(1)} ms`,
    );
  }
  console.log(`served by ${route.provider} after ${route.failoverMs.toFixed(1)} ms of failover`);
  console.log(`answer: ${completion.choices[0]?.message.content}`);
  const verdict = validateCompletion(completion);
  console.log(
    `valid against the official OpenAI schema: ${verdict.valid}${verdict.error ? ` (${verdict.error})` : ''}`,
  );
  console.log(`faults injected: ${JSON.stringify(faults.stats().byTarget)}`);
  if (route.provider !== 'huggingface' || !verdict.valid) process.exitCode = 1;
} finally {
  await router.close();
  await faults.stop();
}
