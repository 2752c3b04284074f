import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioFileError } from '../../src/scenario/errors.ts';
import { findScenarioFiles, loadScenarioFile, loadScenarios } from '../../src/scenario/load.ts';

let dir: string;

const valid = {
  id: 'my-scenario',
  title: 'A scenario of mine',
  traffic: { requests: 4, concurrency: 2 },
  faults: [{ kind: 'http-error', target: 'openai', status: 503 }],
  checks: { availability: { min: 1 } },
};

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function issuesOf(path: string): Promise<string> {
  try {
    await loadScenarioFile(path, dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFileError);
    return (error as Error).message;
  }
  throw new Error(`${path} loaded, but should not have`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'brownout-scenarios-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loading scenario files', () => {
  it('loads TypeScript, JSON and YAML alike, with defaults applied', async () => {
    await file('a.json', JSON.stringify(valid));
    await file(
      'b.yaml',
      `id: yaml-one\ntitle: From YAML\ntraffic: { requests: 2 }\nchecks: { 'no-lost-requests': {} }\n`,
    );
    await file(
      'c.ts',
      `import type { ScenarioInput } from '../../src/index.ts';\nexport default { ...${JSON.stringify({ ...valid, id: 'ts-one' })} } satisfies ScenarioInput;\n`,
    );
    const scenarios = await loadScenarios([dir], dir);
    expect(scenarios.map((s) => s.id)).toEqual(['my-scenario', 'yaml-one', 'ts-one']);
    expect(scenarios[1]?.traffic).toMatchObject({ mode: 'closed', concurrency: 4, streaming: 0 });
    expect(scenarios[0]?.faults[0]).toMatchObject({ kind: 'http-error', probability: 1, after: 0 });
  });

  it('catches a typo in a field name, naming the file and the field', async () => {
    const path = await file(
      'typo.json',
      JSON.stringify({ ...valid, trafic: valid.traffic, traffic: undefined }),
    );
    const message = await issuesOf(path);
    expect(message).toContain('typo.json');
    expect(message).toContain('trafic: unknown field (did you mean "traffic"?)');
    expect(message).toContain('traffic: is required');
  });

  it('names a fault field and its valid range', async () => {
    const path = await file(
      'fault.yaml',
      `id: bad-fault\ntitle: x\ntraffic: { requests: 1 }\nchecks: {}\nfaults:\n  - { kind: http-error, target: openai, probability: 1.5 }\n`,
    );
    const message = await issuesOf(path);
    expect(message).toContain('fault.yaml');
    expect(message).toMatch(/faults\[0\]\.probability: must be in the range \[0, 1\]/);
  });

  it('names an unknown check and a bad check option', async () => {
    const path = await file(
      'check.json',
      JSON.stringify({ ...valid, checks: { availabilty: { min: 1 }, latency: { p99: -3 } } }),
    );
    const message = await issuesOf(path);
    expect(message).toContain('checks.availabilty');
    expect(message).toContain('checks.latency.p99');
  });

  it('explains what a closed and an open loop need', async () => {
    const path = await file(
      'loop.json',
      JSON.stringify({ ...valid, traffic: { mode: 'open', ratePerSec: 10 } }),
    );
    expect(await issuesOf(path)).toContain('traffic.durationMs: is required for an open loop');
  });

  it('refuses unreadable files and duplicate ids across files', async () => {
    expect(await issuesOf(await file('broken.json', '{ "id": '))).toContain('cannot be read');
    const other = await mkdtemp(join(tmpdir(), 'brownout-dup-'));
    await writeFile(join(other, 'one.json'), JSON.stringify(valid));
    await writeFile(join(other, 'two.json'), JSON.stringify(valid));
    await expect(loadScenarios([other], other)).rejects.toThrow(/already used by one.json/);
    await rm(other, { recursive: true, force: true });
  });
});

describe('the default scenarios', () => {
  it('are ./scenarios where it exists, else the built-in suite shipped in the package', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'brownout-empty-'));
    const builtIn = await findScenarioFiles([], empty);
    expect(builtIn.length).toBeGreaterThanOrEqual(15);
    expect(builtIn.some((f) => f.endsWith('scenarios/primary-503-burst.ts'))).toBe(true);
    await mkdir(join(empty, 'scenarios'));
    await writeFile(join(empty, 'scenarios', 'own.json'), JSON.stringify(valid));
    expect(await findScenarioFiles([], empty)).toEqual([join(empty, 'scenarios', 'own.json')]);
    await rm(empty, { recursive: true, force: true });
  });
});
