/**
 * End to end: `brownout run --target URL --fault-server-port N` against a gateway in another
 * process whose upstreams point at the fault server the runner starts on N.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.ts';
import { type Daemon, freePort, runCli, startDaemon } from '../cli/support/cli.ts';

const RUN_TIMEOUT_MS = 45_000;
const SCENARIOS = ['scenarios/primary-503-burst.ts', 'scenarios/total-outage.ts'];

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'brownout-target-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `brownout run FILES --target URL --fault-server-port N --seed 1 --out OUT`, bounded in time. */
function runTarget(files: string[], target: string, faultPort: number, out: string) {
  return runCli(
    [
      'run',
      ...files,
      '--target',
      target,
      '--fault-server-port',
      String(faultPort),
      '--seed',
      '1',
      '--out',
      out,
    ],
    RUN_TIMEOUT_MS,
  );
}

/** `brownout gateway` on a free port with its upstream at the fault server port; ready once it says where it listens. */
function startGateway(faultPort: number, args: string[]): Promise<Daemon> {
  return startDaemon(
    ['gateway', '--port', '0', '--upstream', `http://127.0.0.1:${faultPort}`, ...args],
    /listening on (http:\/\/127\.0\.0\.1:\d+)\/v1/,
    // Start-up through tsx on a busy 2-core machine (two test workers) has taken over 15 s.
    60_000,
  );
}

async function readReport(out: string): Promise<RunReport> {
  return JSON.parse(await readFile(join(out, 'resilience-report.json'), 'utf8')) as RunReport;
}

describe('brownout run --target: brownout gateway in a child process', () => {
  let gateway: Daemon | undefined;
  let faultPort: number;

  beforeAll(async () => {
    faultPort = await freePort();
    // One long-lived gateway serves every scenario in turn: breakers off, so one scenario's open
    // breaker cannot hide the next one's faults (docs/gateways.md); timeouts as the scenarios'.
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
    gateway = await startGateway(faultPort, ['--config', config]);
  }, 70_000);

  afterAll(async () => {
    // A SIGTERM stops it cleanly (exit 0).
    expect(await gateway?.stop()).toBe(0);
  });

  it(
    'passes primary-503-burst and total-outage, with attempts read from the route headers',
    async () => {
      const out = join(dir, 'pass');
      const target = gateway?.match[1] as string;
      const result = await runTarget(SCENARIOS, target, faultPort, out);
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      const report = await readReport(out);
      // total-outage fails every request, as it must: a pass graded `safe` (failed safely), not `pass`.
      expect(report.summary).toEqual({
        scenarios: 2,
        passed: 2,
        failed: 0,
        skipped: 0,
        grades: { pass: 1, safe: 1 },
      });
      const byId = new Map(report.scenarios.map((s) => [s.id, s]));
      for (const id of ['primary-503-burst', 'total-outage']) {
        const scenario = byId.get(id);
        expect(scenario, id).toBeDefined();
        expect(scenario?.backend).toBe('server');
        expect(scenario?.verdict, JSON.stringify(scenario?.checks)).toBe('pass');
        // The faults reached the fault server the runner started on N, through the gateway.
        for (const fault of scenario?.faults ?? [])
          expect(fault.injected, `${id} ${fault.kind}`).toBeGreaterThan(0);
      }
      const burst = byId.get('primary-503-burst');
      // OpenAI's 503 and Hugging Face's answer: two attempts, known only from x-brownout-route.
      expect(burst?.stats.attemptsPerRequest?.max).toBeGreaterThanOrEqual(2);
      expect(burst?.stats.servedBy.huggingface).toBeGreaterThan(0);
      const outage = byId.get('total-outage');
      expect(outage?.stats.failed).toBe(outage?.stats.requests);
      expect(outage?.checks.find((c) => c.id === 'fail-fast')?.verdict).toBe('pass');
    },
    RUN_TIMEOUT_MS + 5_000,
  );
});

describe("brownout run --target: a fresh gateway with the scenario's own policies (--scenario)", () => {
  const file = 'scenarios/hf-model-loading.ts';
  let gateway: Daemon | undefined;
  let faultPort: number;

  beforeAll(async () => {
    faultPort = await freePort();
    gateway = await startGateway(faultPort, ['--scenario', file]);
  }, 20_000);
  afterAll(async () => {
    await gateway?.stop();
  });

  it(
    'passes hf-model-loading: the loading estimate is honoured across concurrent requests',
    async () => {
      const out = join(dir, 'loading');
      const result = await runTarget([file], gateway?.match[1] as string, faultPort, out);
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      const scenario = (await readReport(out)).scenarios[0];
      // Judged on attempts placed on the runner's timeline with the gateway's startedAt.
      expect(scenario?.checks.find((c) => c.id === 'retry-after-honoured')?.verdict).toBe('pass');
    },
    RUN_TIMEOUT_MS + 5_000,
  );
});

/** A gateway with no failover: it proxies to OpenAI only and passes its answers and errors through. */
function naiveGateway(faultPort: number): Server {
  return createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    const upstream = request(
      {
        host: '127.0.0.1',
        port: faultPort,
        method: 'POST',
        path: '/openai/v1/chat/completions',
        headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          'content-type': answer.headers['content-type'] ?? 'application/json',
        });
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
}

/**
 * primary-503-burst without its fast-check property: a property's arbitrary timelines include
 * hangs, and a gateway with no timeouts of its own makes each such request wait out the runner's
 * client timeout (seconds), so the property would dominate the run time.
 */
const BURST_WITHOUT_PROPERTY = {
  id: 'primary-503-burst-no-property',
  title: 'OpenAI answers 503 for a burst; Hugging Face serves every request',
  router: { attemptTimeoutMs: 500, deadlineMs: 3000, retry: { maxRetries: 1, baseMs: 20, capMs: 100 } },
  traffic: { requests: 40, concurrency: 4, streaming: 0.25 },
  faults: [{ kind: 'http-error', target: 'openai', status: 503, times: 20 }],
  checks: { availability: { min: 1 }, 'schema-valid': {}, 'no-lost-requests': { expected: 40 } },
};

describe('brownout run --target: a gateway without failover', () => {
  let server: Server;
  let target: string;
  let faultPort: number;

  beforeAll(async () => {
    faultPort = await freePort();
    server = naiveGateway(faultPort);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it(
    'fails a 503 burst (exit 1) and names the failing check',
    async () => {
      const out = join(dir, 'fail');
      const file = join(dir, 'burst.json');
      await writeFile(file, JSON.stringify(BURST_WITHOUT_PROPERTY));
      const result = await runTarget([file], target, faultPort, out);
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.code, output).toBe(1);
      expect(output).toMatch(/✗ availability: expected at least 100% of requests ok, saw 50%/);
      expect(output).toMatch(/FAIL\s+primary-503-burst-no-property/);
      const report = await readReport(out);
      const scenario = report.scenarios[0];
      expect(scenario?.verdict).toBe('fail');
      expect(scenario?.backend).toBe('server');
      expect(scenario?.faults[0]?.injected).toBe(20);
      expect(scenario?.checks.find((c) => c.id === 'availability')?.verdict).toBe('fail');
      // A black box: no route headers, so the attempts come from the upstream record, one OpenAI
      // attempt per request (this gateway never fails over).
      expect(scenario?.attemptSource).toBe('upstream');
      expect(scenario?.stats.attemptsPerRequest?.max).toBe(1);
    },
    RUN_TIMEOUT_MS + 5_000,
  );
});
