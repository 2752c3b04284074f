/**
 * End to end: `brownout run --system` with the three shipped example systems (the openai SDK, the
 * Vercel AI SDK, LangChain.js) against a bounded subset of the built-in suite, on real sockets.
 * The full suite's findings are in docs/systems.md.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.ts';
import { runCli } from '../cli/support/cli.ts';

const EXAMPLES = {
  'openai-sdk-fallback': 'examples/systems/openai-sdk-fallback.ts',
  'vercel-ai-fallback': 'examples/systems/vercel-ai-fallback.ts',
  'langchain-fallbacks': 'examples/systems/langchain-fallbacks.ts',
};
const SUBSET = ['scenarios/primary-503-burst.ts', 'scenarios/total-outage.ts'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'brownout-systems-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function report(out: string): Promise<RunReport> {
  return JSON.parse(await readFile(join(out, 'resilience-report.json'), 'utf8')) as RunReport;
}

describe('brownout run --system: the example systems', () => {
  // Each system in a CLI run of its own, concurrently: the runs mostly wait on the SDKs' backoff,
  // so side by side they take as long as the slowest one rather than the sum.
  for (const [name, file] of Object.entries(EXAMPLES)) {
    it.concurrent(`${name}: served by the fallback in a 503 burst, every failure of an outage typed`, async () => {
      const out = join(dir, name);
      const result = await runCli(
        ['run', ...SUBSET, '--backend', 'server', '--seed', '3', '--out', out, '--system', file],
        300_000,
      );
      // A check failed somewhere (these libraries do not meet every threshold): exit 1, not 2.
      expect(result.code, result.stderr).toBe(1);
      const r = await report(out);
      expect(r.system).toMatchObject({ name, kind: 'in-process', source: file });
      expect(Object.keys(r.system?.versions ?? {}).length).toBeGreaterThan(0);
      const burst = r.scenarios.find((s) => s.id === 'primary-503-burst');
      const outage = r.scenarios.find((s) => s.id === 'total-outage');
      expect(burst?.stats.requests).toBe(40);
      // The fallback really served while OpenAI answered 503, as the system itself reported.
      expect(burst?.stats.servedBy.huggingface ?? 0, name).toBeGreaterThan(0);
      expect(burst?.faults[0]?.injected).toBeGreaterThan(0);
      // Nothing can serve a total outage; every failure carries a code, none is lost.
      expect(outage?.stats.succeeded).toBe(0);
      expect(outage?.stats.failed).toBe(outage?.stats.requests);
      expect(outage?.errors.reduce((n, e) => n + e.count, 0)).toBe(outage?.stats.requests);
      expect(r.scenarios.every((s) => s.replay.includes(`--system ${file}`))).toBe(true);
    }, 320_000);
  }

  it.concurrent('several systems in one run: one report folder per system, each naming its system', async () => {
    const out = join(dir, 'several');
    const two = [EXAMPLES['openai-sdk-fallback'], EXAMPLES['vercel-ai-fallback']];
    const args = ['run', 'scenarios/auth-401-primary.ts', '--backend', 'server', '--seed', '3', '--out', out];
    for (const file of two) args.push('--system', file);
    const result = await runCli(args, 300_000);
    expect([0, 1], result.stderr).toContain(result.code);
    for (const [name, file] of Object.entries(EXAMPLES).filter(([, file]) => two.includes(file))) {
      const r = await report(join(out, name));
      expect(r.system).toMatchObject({ name, kind: 'in-process', source: file });
      expect(r.scenarios.map((s) => s.id)).toEqual(['auth-401-primary']);
      expect(r.scenarios[0]?.replay).toContain(`--system ${file}`);
    }
  }, 320_000);

  it.concurrent('MockAgent reaches a fetch-based system as the global dispatcher for the scenario', async () => {
    const out = join(dir, 'mock-agent');
    const result = await runCli(
      [
        'run',
        'scenarios/primary-503-burst.ts',
        '--backend',
        'mock-agent',
        '--seed',
        '3',
        '--out',
        out,
        '--system',
        EXAMPLES['openai-sdk-fallback'],
      ],
      180_000,
    );
    expect([0, 1]).toContain(result.code);
    const burst = (await report(out)).scenarios[0];
    expect(burst?.backend).toBe('mock-agent');
    expect(burst?.faults[0]?.injected).toBeGreaterThan(0);
    expect(burst?.stats.servedBy.huggingface ?? 0).toBeGreaterThan(0);
  }, 200_000);

  it('a malformed system module: exit 2, the file and the issue named', async () => {
    const result = await runCli(
      [
        'run',
        'scenarios/total-outage.ts',
        '--system',
        'test/systems/fixtures/no-stream.ts',
        '--out',
        join(dir, 'bad'),
      ],
      60_000,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid system module test/systems/fixtures/no-stream.ts');
    expect(result.stderr).toContain('stream: is required (a function)');
  }, 70_000);

  it('a backend that cannot reach the system is refused before anything runs', async () => {
    const result = await runCli(
      [
        'run',
        'scenarios/total-outage.ts',
        '--backend',
        'mock-agent',
        '--system',
        'test/systems/fixtures/node-http.ts',
      ],
      60_000,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /the mock-agent backend cannot reach system "node-http-client": .* uses node-http/,
    );
  }, 70_000);
});
