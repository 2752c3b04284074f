import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/report/write.ts';
import { sampleReport } from '../report/support/sample-report.ts';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

function start(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, GITHUB_STEP_SUMMARY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function brownout(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = start(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => {
    stdout += c;
  });
  child.stderr?.on('data', (c) => {
    stderr += c;
  });
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

// Each test starts the CLI from source (tsx): seconds on a loaded machine, hence the margins.
describe('brownout report', { timeout: 120_000 }, () => {
  let dir: string;
  let base: string;
  let head: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-cli-'));
    base = (await writeReports(sampleReport(), join(dir, 'base'))).json;
    const regressed = sampleReport();
    regressed.scenarios[0]!.checks[0] = {
      ...regressed.scenarios[0]!.checks[0]!,
      verdict: 'fail',
      message: 'saw 80%',
    };
    regressed.scenarios[0]!.verdict = 'fail';
    regressed.summary = { scenarios: 3, passed: 1, failed: 2 };
    head = (await writeReports(regressed, join(dir, 'head'))).json;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('diff exits 0 when nothing regressed, with Markdown on stdout', async () => {
    const { code, stdout } = await brownout(['report', 'diff', base, base]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^## ✅ brownout diff: no regression/);
  });

  it('diff exits 1 on a regression and writes HTML with --out', async () => {
    const out = join(dir, 'diff', 'diff.html');
    const { code, stdout } = await brownout([
      'report',
      'diff',
      base,
      head,
      '--out',
      out,
      '--tolerance',
      '0.5',
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('| ❌ regressed | `baseline`');
    expect(stdout).toContain('more than 50% and 5 ms');
    expect(await readFile(out, 'utf8')).toContain('REGRESSED');
  });

  it('diff exits 2 naming the file that is missing, not JSON, or not a report', async () => {
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, 'hello');
    const notReport = join(dir, 'other.json');
    await writeFile(notReport, '{"schemaVersion":"1","scenarios":[]}');
    const cases = [
      [join(dir, 'missing.json'), 'cannot read it (no such file)'],
      [notJson, 'not JSON'],
      [
        notReport,
        'not a brownout resilience report (schemaVersion "1"): /: must have required property \'tool\'',
      ],
    ] as const;
    const results = await Promise.all(cases.map(([file]) => brownout(['report', 'diff', base, file])));
    results.forEach(({ code, stderr }, i) => {
      const [file, reason] = cases[i]!;
      expect(code, file).toBe(2);
      expect(stderr).toContain(`brownout report diff: ${file}: ${reason}`);
    });
  });

  it('diff exits 2 on bad usage', async () => {
    const runs = await Promise.all([
      brownout(['report', 'diff', base, base, '--tolerance', 'lots']),
      brownout(['report', 'diff', base]),
      brownout(['report']),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(runs[0]?.stderr).toContain('--tolerance must be a number of 0 or more');
  });

  it('open serves the latest report, prints its URL and stops on SIGINT', async () => {
    const child = start(['report', 'open', dir, '--no-browser']);
    let stdout = '';
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error(`no URL printed: ${stdout}`));
      }, 90_000);
      child.stdout?.on('data', (c) => {
        stdout += c;
        const m = /http:\/\/127\.0\.0\.1:\d+\/resilience-report\.html/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          done(m[0]);
        }
      });
    });
    expect(stdout).toContain(join(dir, 'head'));
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('brownout resilience report');
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('open exits 2 when there is no report', async () => {
    const { code, stderr } = await brownout(['report', 'open', join(dir, 'nothing-here'), '--no-browser']);
    expect(code).toBe(2);
    expect(stderr).toContain('no resilience-report.html');
  });
});
