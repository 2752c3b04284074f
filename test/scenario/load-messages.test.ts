import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isScenarioFileError } from '../../src/scenario/errors.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'brownout-messages-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function messageOf(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  try {
    await loadScenarioFile(path, dir);
  } catch (error) {
    if (isScenarioFileError(error)) return error.message;
    throw error;
  }
  throw new Error(`${name} loaded`);
}

const YAML = 'id: x\ntitle: t\ntraffic: { requests: 2 }\nchecks: {}\n';

describe('scenario file errors that help', () => {
  it('a TypeScript file with no default export says so', async () => {
    const message = await messageOf('named.ts', "export const scenario = { id: 'x', foo: 1 };\n");
    expect(message).toContain('has no default export');
    expect(message).toContain('export default defineScenario');
    expect(message).not.toContain('is required');
  });

  it('an empty YAML file says it is empty', async () => {
    const message = await messageOf('empty.yaml', '# nothing here\n');
    expect(message).toContain('is empty: expected a scenario');
    expect(message).not.toContain('received null');
  });

  it('.inf is reported as Infinity, not null', async () => {
    const message = await messageOf(
      'inf.yaml',
      `${YAML}faults:\n  - { kind: latency, target: openai, ms: .inf }\n`,
    );
    expect(message).toContain('got Infinity');
    expect(message).not.toContain('got null');
    expect(await messageOf('inf2.yaml', `${YAML}router: { deadlineMs: .inf }\n`)).toContain('got Infinity');
  });

  it('a typo gets a did-you-mean, at the top and inside', async () => {
    expect(await messageOf('typo.yaml', `${YAML}fautls: []\n`)).toContain(
      'fautls: unknown field (did you mean "faults"?)',
    );
    expect(await messageOf('typo2.yaml', `${YAML}router: { deadlinMs: 100 }\n`)).toContain(
      'router.deadlinMs: unknown field (did you mean "deadlineMs"?)',
    );
    expect(await messageOf('typo3.yaml', `${YAML}zzzzzzzz: 1\n`)).toContain(
      'zzzzzzzz: unknown field; valid fields are id, title',
    );
  });
});
