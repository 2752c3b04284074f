/** `auth`: 401 (invalid key) or 403 (forbidden) with the provider's real body. */
import * as z from 'zod';
import { errorAnswer } from '../fakes/errors.ts';
import { fixtureJson } from '../fakes/fixtures.ts';
import { defineKind, kindSchema } from './types.ts';

const schema = kindSchema('auth', {
  status: z.literal([401, 403], { error: 'must be 401 or 403' }).default(401),
});

/** A validated `auth` fault, defaults applied. */
export type AuthFault = z.output<typeof schema>;

const HF_403 =
  'This authentication method does not have sufficient permissions to call Inference Providers on behalf of user brownout';

export const auth = defineKind({
  schema,
  variants: ['auth'],
  variant: () => 'auth',
  action(fault, ctx) {
    const { request } = ctx;
    let body: unknown;
    if (request.dialect === 'openai') {
      body = fixtureJson(
        fault.status === 401
          ? 'openai/errors/401-invalid-api-key.json'
          : 'openai/errors/403-unsupported-region.json',
      );
    } else {
      body =
        fault.status === 401 ? fixtureJson('huggingface/errors/401-invalid-token.json') : { error: HF_403 };
    }
    // The hub also names the failure in headers, as it does for a missing repo.
    const headers: Record<string, string> =
      request.dialect === 'hf-hub'
        ? { 'x-error-message': fault.status === 401 ? 'Invalid credentials in Authorization header' : HF_403 }
        : {};
    return ctx.render(errorAnswer(request, ctx, fault.status, body, headers));
  },
});
