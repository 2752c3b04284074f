import { describe, expect, it } from 'vitest';
import { isScenarioFileError } from '../../src/scenario/errors.ts';
import { validateScenario } from '../../src/scenario/validate.ts';

const base = {
  id: 'targets',
  title: 'Fault targets',
  traffic: { requests: 2 },
  checks: { availability: { min: 0 } },
};

function issues(input: unknown): string {
  try {
    validateScenario(input, 'targets.json');
  } catch (error) {
    if (isScenarioFileError(error)) return error.message;
    throw error;
  }
  throw new Error('the scenario was accepted');
}

describe('a fault must target one of the scenario’s providers (checked at load, exit 2)', () => {
  it('refuses a target the scenario has no provider for, naming the fault and the providers', () => {
    const message = issues({ ...base, faults: [{ kind: 'http-error', target: 'azure', status: 503 }] });
    expect(message).toContain('targets.json');
    expect(message).toContain(
      'faults[0].target: "azure" is no provider of this scenario (it has openai, huggingface)',
    );
  });

  it('accepts a configured extra provider as a target, and the defaults', () => {
    const scenario = validateScenario(
      {
        ...base,
        router: { providers: [{ type: 'openai' }, { type: 'openai-compatible', name: 'azure' }] },
        faults: [
          { kind: 'http-error', target: 'azure', status: 503 },
          { kind: 'http-error', target: 'openai', status: 503 },
        ],
      },
      'targets.json',
    );
    expect(scenario.faults.map((f) => f.target)).toEqual(['azure', 'openai']);
    expect(
      issues({
        ...base,
        router: { providers: [{ type: 'openai' }] },
        faults: [{ kind: 'model-missing', target: 'huggingface' }],
      }),
    ).toContain('faults[0].target: "huggingface" is no provider of this scenario (it has openai)');
  });
});
