import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.ts';

const TIMEOUT_MS = 45_000;

/** A scenario that takes a moment: two requests against a failing primary. */
const tiny = {
  id: 'tiny-outage',
  title: 'Two requests while the primary answers 503',
  traffic: { requests: 2, concurrency: 1 },
  faults: [{ kind: 'http-error', target: 'openai', status: 503 }],
  checks: { availability: { min: 1 } },
};

describe('brownout run: usage checked before any traffic', { timeout: 60_000 }, () => {
  let dir: string;
  let scenario: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-run-cli-'));
    scenario = join(dir, 'tiny.json');
    await writeFile(scenario, JSON.stringify(tiny));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--out that cannot be a folder: exit 2 with the reason, no scenario run', async () => {
    const taken = join(dir, 'taken');
    await writeFile(taken, 'not a folder');
    const [devNull, file, proc] = await Promise.all([
      runCli(['run', scenario, '--backend', 'msw', '--out', '/dev/null'], TIMEOUT_MS),
      runCli(['run', scenario, '--backend', 'msw', '--out', taken], TIMEOUT_MS),
      runCli(['run', scenario, '--backend', 'msw', '--out', '/proc/brownout-x'], TIMEOUT_MS),
    ]);
    for (const result of [devNull, file, proc]) {
      expect(result.signal).toBeNull();
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('brownout run: --out:');
      expect(result.stderr).not.toContain('tiny-outage');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(devNull.stderr).toContain('/dev/null exists and is not a folder');
    expect(file.stderr).toContain(`${taken} exists and is not a folder`);
    expect(proc.stderr).toContain('cannot create the folder /proc/brownout-x');
  });

  it('a bad scenario file: exit 2 naming the file, the field and what was expected', async () => {
    const typo = join(dir, 'cli-typo.json');
    await writeFile(typo, JSON.stringify({ ...tiny, traffic: { requests: 0 } }));
    const result = await runCli(['run', typo, '--out', join(dir, 'out')], TIMEOUT_MS);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cli-typo.json');
    expect(result.stderr).toContain(
      'traffic.requests: must be a whole number of at least 1 (requests), got 0',
    );
  });

  it('an unknown --backend: exit 2 naming the choices', async () => {
    const result = await runCli(['run', '--backend', 'carrier-pigeon'], TIMEOUT_MS);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--backend must be one of');
  });
});

describe('brownout run: a run in which every scenario is skipped', { timeout: 90_000 }, () => {
  it('is no pass: exit 2, the skipped run counted and the reason given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'brownout-run-skip-'));
    try {
      const result = await runCli(
        ['run', 'scenarios/dns-failure.ts', '--backend', 'server', '--out', dir],
        TIMEOUT_MS,
      );
      expect(result.code).toBe(2);
      expect(result.stdout).not.toContain('PASS');
      expect(result.stdout).toContain('FAIL: no scenario ran, 1 skipped');
      expect(result.stderr).toContain('nothing ran: every scenario run was skipped (1)');
      expect(result.stderr).toContain('SKIP dns-failure (server)');
      // Every file written is listed, the Markdown summary too.
      for (const name of [
        'resilience-report.html',
        'resilience-report.json',
        'junit.xml',
        'resilience-report.md',
      ])
        expect(result.stdout).toContain(join(dir, name));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
