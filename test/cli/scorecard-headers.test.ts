/**
 * `brownout scorecard --target-headers-env VAR`: each gateway gets its own headers, and only its
 * own. Three recording gateways started fresh per scenario (`--target-cmd`): two with headers of
 * their own, one on the global `BROWNOUT_TARGET_HEADERS`. Each records the headers it saw, the
 * header variables in its environment and its parent's argv (what `ps` shows of the run).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scorecard } from '../../src/scorecard/model.ts';
import { runCli } from './support/cli.ts';

const FIXTURE = 'test/scorecard/fixtures/recording-gateway.mjs';
const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;
const A_KEY = secret('alpha');
const B_TOKEN = secret('beta');
const GLOBAL_TOKEN = secret('gamma');

interface Entry {
  kind: 'start' | 'request';
  env?: Record<string, string>;
  parentArgv?: string[] | null;
  headers?: Record<string, string>;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'brownout-scorecard-headers-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function entries(log: string): Promise<Entry[]> {
  const text = await readFile(log, 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Entry);
}

/** Every file under `root`, recursively. */
async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

describe('brownout scorecard: per-gateway headers', () => {
  it('sends each gateway its own headers only, through the environment, and writes none of them', async () => {
    const out = join(dir, 'card');
    const gateway = (label: string) =>
      `exec "${process.execPath}" ${FIXTURE} {port} {upstream} ${join(dir, `${label}.log`)}`;
    const env = {
      SC_A_HEADERS: JSON.stringify({ 'x-gateway-api-key': A_KEY, 'x-which': 'A' }),
      SC_B_HEADERS: JSON.stringify({ Authorization: `Bearer ${B_TOKEN}`, 'x-which': 'B' }),
      BROWNOUT_TARGET_HEADERS: JSON.stringify({ 'x-global-token': GLOBAL_TOKEN, 'x-which': 'global' }),
    };
    const result = await runCli(
      [
        'scorecard',
        'scenarios/primary-503-burst.ts',
        '--target-cmd',
        gateway('a'),
        '--name',
        'gateway A',
        '--target-headers-env',
        'SC_A_HEADERS',
        '--target-cmd',
        gateway('b'),
        '--target-headers-env',
        'SC_B_HEADERS',
        '--name',
        'gateway B',
        '--target-cmd',
        gateway('c'),
        '--name',
        'gateway C',
        '--seed',
        '3',
        '--out',
        out,
      ],
      400_000,
      env,
    );
    expect(result.code, result.stderr.slice(-3000)).toBe(0);

    const [a, b, c] = (await Promise.all(['a', 'b', 'c'].map((l) => entries(join(dir, `${l}.log`))))) as [
      Entry[],
      Entry[],
      Entry[],
    ];
    const requests = (log: Entry[]) => log.filter((e) => e.kind === 'request').map((e) => e.headers ?? {});
    const starts = (log: Entry[]) => log.filter((e) => e.kind === 'start');
    for (const log of [a, b, c]) {
      expect(requests(log).length).toBeGreaterThan(0);
      expect(starts(log).length).toBeGreaterThan(0);
    }
    // Each gateway saw its own headers on every request, and nobody else's.
    for (const h of requests(a)) {
      expect(h).toMatchObject({ 'x-gateway-api-key': A_KEY, 'x-which': 'A' });
      expect(h).not.toHaveProperty('x-global-token');
    }
    for (const h of requests(b)) {
      expect(h).toMatchObject({ authorization: `Bearer ${B_TOKEN}`, 'x-which': 'B' });
      expect(h).not.toHaveProperty('x-gateway-api-key');
      expect(h).not.toHaveProperty('x-global-token');
    }
    for (const h of requests(c)) {
      expect(h).toMatchObject({ 'x-global-token': GLOBAL_TOKEN, 'x-which': 'global' });
      expect(h).not.toHaveProperty('x-gateway-api-key');
    }
    // No gateway process could read another's variable; each had only its own headers.
    for (const [log, own] of [
      [a, env.SC_A_HEADERS],
      [b, env.SC_B_HEADERS],
      [c, env.BROWNOUT_TARGET_HEADERS],
    ] as const) {
      for (const start of starts(log)) {
        expect(start.env).toEqual({ BROWNOUT_TARGET_HEADERS: own });
        // The run that started it carried no header value in its argv (what `ps` shows).
        if (existsSync('/proc')) {
          const argv = (start.parentArgv ?? []).join(' ');
          expect(argv).toContain(' run ');
          for (const s of [A_KEY, B_TOKEN, GLOBAL_TOKEN]) expect(argv).not.toContain(s);
        }
      }
    }

    // No secret in the scorecards, the runs' reports, or the scorecard's own output.
    const files = await filesUnder(out);
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(
      expect.arrayContaining(['scorecard.html', 'scorecard.md', 'scorecard.json']),
    );
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const s of [A_KEY, B_TOKEN, GLOBAL_TOKEN]) expect(text, file).not.toContain(s);
    }
    for (const s of [A_KEY, B_TOKEN, GLOBAL_TOKEN]) {
      expect(result.stdout).not.toContain(s);
      expect(result.stderr).not.toContain(s);
    }
    // The recorded command says where a replay takes the headers from: the variable, by name.
    const card = JSON.parse(await readFile(join(out, 'scorecard.json'), 'utf8')) as Scorecard;
    expect(card.systems.map((s) => s.name)).toEqual(['gateway A', 'gateway B', 'gateway C']);
    expect(card.systems[0]?.command).toMatch(/^BROWNOUT_TARGET_HEADERS="\$SC_A_HEADERS" brownout run /);
    expect(card.systems[1]?.command).toMatch(/^BROWNOUT_TARGET_HEADERS="\$SC_B_HEADERS" brownout run /);
    expect(card.systems[2]?.command).toMatch(/^brownout run /);
    expect(card.environment.command).toContain('--target-headers-env SC_A_HEADERS');
  }, 420_000);

  it('exits 2 naming the variable and the system when a gateway’s headers are missing or malformed', async () => {
    const out = join(dir, 'bad');
    const base = [
      'scorecard',
      'scenarios/primary-503-burst.ts',
      '--target-cmd',
      'true {port}',
      '--name',
      'gw',
    ];
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [
        [...base, '--target-headers-env', 'SC_UNSET_HEADERS'],
        {},
        /--target-headers-env SC_UNSET_HEADERS \(system "gw"\): SC_UNSET_HEADERS is not set/,
      ],
      [
        [...base, '--target-headers-env', 'SC_BAD_HEADERS'],
        { SC_BAD_HEADERS: `{"authorization": "Bearer ${A_KEY}"` },
        /SC_BAD_HEADERS \(system "gw"\): SC_BAD_HEADERS must be a JSON object .*not valid JSON/,
      ],
      [
        [...base, '--target-headers-env', 'SC_BAD_HEADERS'],
        { SC_BAD_HEADERS: `["${A_KEY}"]` },
        /SC_BAD_HEADERS \(system "gw"\): .*got an array/,
      ],
      [
        [...base, '--target-headers-env', 'SC_BAD_HEADERS'],
        { SC_BAD_HEADERS: '{"bad header": "x"}' },
        /"bad header" is not a valid header name/,
      ],
      [
        ['scorecard', '--reference', '--target-headers-env', 'SC_A'],
        {},
        /follows --reference: only a gateway/,
      ],
      [['scorecard', '--target-headers-env', 'SC_A', '--reference'], {}, /comes before any system/],
      [[...base, '--target-headers-env', '{"a":"b"}'], {}, /must name an environment variable/],
    ];
    const results = await Promise.all(
      cases.map(([args, env]) => runCli([...args, '--out', out], 150_000, env)),
    );
    for (const [i, result] of results.entries()) {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(cases[i]?.[2] as RegExp);
      expect(result.stderr).not.toContain(A_KEY);
    }
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  }, 160_000);
});
