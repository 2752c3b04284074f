import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isScenarioFileError } from '../../src/scenario/errors.ts';
import { loadScenarioFile, MAX_SCENARIO_FILE_BYTES } from '../../src/scenario/load.ts';
import { runCli } from '../cli/support/cli.ts';

const valid = {
  id: 'limits',
  title: 'Limits',
  traffic: { requests: 2 },
  faults: [{ kind: 'http-error', target: 'openai', status: 503 }],
  checks: { availability: { min: 0 } },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'brownout-limits-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(name: string, content: string): Promise<string> {
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

describe('oversized scenario files and fields are refused, naming the limit', () => {
  it('a file over 1 MiB is refused before it is parsed', async () => {
    const faults = Array.from({ length: 20_000 }, () => ({
      kind: 'http-error',
      target: 'openai',
      status: 503,
    }));
    const text = JSON.stringify({ ...valid, faults });
    expect(text.length).toBeGreaterThan(MAX_SCENARIO_FILE_BYTES);
    expect(await refusal('huge.json', text)).toContain(
      'a scenario file may be at most 1048576 bytes (1 MiB)',
    );
  });

  it('a title, id, description, tag or fault list past its limit', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: 'x'.repeat(201) }, 'title: must be at most 200 characters'],
      [{ id: 'x'.repeat(101) }, 'id: must be at most 100 characters'],
      [{ description: 'x'.repeat(10_001) }, 'description: must be at most 10000 characters'],
      [{ tags: Array.from({ length: 51 }, () => 't') }, 'tags: must be at most 50 tags'],
      [
        { faults: Array.from({ length: 1001 }, () => valid.faults[0]) },
        'faults: must be at most 1000 faults',
      ],
    ];
    for (const [field, message] of cases)
      expect(await refusal('field.json', JSON.stringify({ ...valid, ...field }))).toContain(message);
  });
});

describe('a TypeScript scenario that never finishes loading', { timeout: 120_000 }, () => {
  it('exits 2 naming the file, even with a timer pending', async () => {
    const file = join(dir, 'never.ts');
    await writeFile(
      file,
      "setInterval(() => {}, 1000);\nawait new Promise(() => {});\nexport default { id: 'never' };\n",
    );
    const result = await runCli(['run', file, '--out', join(dir, 'out')], 90_000, {
      BROWNOUT_SCENARIO_LOAD_TIMEOUT_MS: '2000',
    });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('never.ts');
    expect(result.stderr).toContain('did not finish loading within 2000 ms');
  });
});
