/**
 * End to end: `brownout scorecard` over the reference router (in process) and `brownout gateway`
 * in another process (by --target), one scenario, the same seed; then bad usage.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.ts';
import type { Scorecard } from '../../src/scorecard/model.ts';
import { scorecardSchemaErrors } from '../../src/scorecard/schema.ts';
import { type Daemon, freePort, runCli, startDaemon } from './support/cli.ts';

const SCENARIO = 'scenarios/primary-503-burst.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'brownout-scorecard-cli-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('brownout scorecard: the reference router and a gateway by URL', () => {
  let gateway: Daemon | undefined;
  let faultPort: number;

  beforeAll(async () => {
    faultPort = await freePort();
    const config = join(dir, 'gateway.json');
    await writeFile(
      config,
      JSON.stringify({
        attemptTimeoutMs: 500,
        deadlineMs: 3000,
        retry: { maxRetries: 1, baseMs: 10, capMs: 40 },
        breaker: false,
      }),
    );
    gateway = await startDaemon(
      ['gateway', '--port', '0', '--upstream', `http://127.0.0.1:${faultPort}`, '--config', config],
      /listening on (http:\/\/127\.0\.0\.1:\d+)\/v1/,
      90_000,
    );
  }, 100_000);

  afterAll(async () => {
    expect(await gateway?.stop()).toBe(0);
  });

  it('runs each system with the same seed into its own folder and writes the side-by-side scorecard', async () => {
    const out = join(dir, 'card');
    const url = gateway?.match[1] as string;
    const result = await runCli(
      [
        'scorecard',
        SCENARIO,
        '--reference',
        '--name',
        'reference',
        '--backend',
        'msw',
        '--target',
        url,
        '--name',
        'brownout gateway',
        '--fault-server-port',
        String(faultPort),
        '--seed',
        '5',
        '--out',
        out,
      ],
      280_000,
    );
    expect(result.code, result.stderr.slice(-3000)).toBe(0);

    const card = JSON.parse(await readFile(join(out, 'scorecard.json'), 'utf8')) as Scorecard;
    expect(scorecardSchemaErrors(card)).toEqual([]);
    expect(card.seed).toBe(5);
    expect(card.systems.map((s) => [s.id, s.kind, s.exitCode === 0 || s.exitCode === 1])).toEqual([
      ['reference', 'reference', true],
      ['brownout-gateway', 'target', true],
    ]);
    expect(card.rows.map((r) => r.scenario.id)).toEqual(['primary-503-burst']);

    // Each cell is what that system's own report says: its verdict (or grade) and who served.
    for (const [i, system] of card.systems.entries()) {
      const report = JSON.parse(
        await readFile(join(out, system.outDir, 'resilience-report.json'), 'utf8'),
      ) as RunReport;
      expect(report.seed).toBe(5);
      const runOf = report.scenarios[0] as RunReport['scenarios'][number] & { grade?: string };
      const cell = card.rows[0]?.cells[i];
      expect(cell?.result).toBe(runOf.grade ?? runOf.verdict);
      expect(cell?.requests).toBe(runOf.stats.requests);
      expect(cell?.attempts?.primary).toBe(runOf.stats.servedBy.openai ?? 0);
      expect(cell?.link).toBe(`runs/${system.id}/resilience-report.html#s-0`);
      expect((await stat(join(out, system.outDir, 'resilience-report.html'))).isFile()).toBe(true);
    }
    // The gateway sends brownout's route headers: who served is known, and the fault was injected.
    expect(card.rows[0]?.cells[1]?.attempts).not.toBeNull();
    expect(card.systems[0]?.command).toContain('--backend msw');
    expect(card.systems[1]?.command).toContain(`--target ${url} --fault-server-port ${faultPort}`);

    const md = await readFile(join(out, 'scorecard.md'), 'utf8');
    expect(md).toContain('| scenario | reference | brownout gateway |');
    const page = await readFile(join(out, 'scorecard.html'), 'utf8');
    expect(page).toContain('href="runs/brownout-gateway/resilience-report.html#s-0"');
    expect(result.stdout).toMatch(/^reference: \d+ pass, \d+ degraded, \d+ safe, \d+ fail$/m);
  }, 300_000);
});

describe('brownout scorecard: bad usage', () => {
  it('exits 2 with the reason, and runs nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /no system to score/],
      [['--name', 'x', '--reference'], /comes before any system/],
      [['--target', 'http://127.0.0.1:1'], /--target needs --fault-server-port/],
      [['--reference', '--backend', 'carrier-pigeon'], /--backend must be one of/],
      [['--reference', '--grep', '('], /--grep is not a valid regular expression/],
    ];
    const out = join(dir, 'bad');
    const results = await Promise.all(
      cases.map(([args]) => runCli(['scorecard', ...args, '--out', out], 150_000)),
    );
    for (const [i, result] of results.entries()) {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(cases[i]?.[1] as RegExp);
    }
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  }, 160_000);
});
