import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePhaseDurations } from '../../src/cli/commands/load.ts';
import { brownout } from './support/k6.ts';

/** An environment in which no k6 can be found: PATH holds only node's own folder. */
function envWithoutK6(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: join(process.execPath, '..') };
  delete env.K6_BINARY;
  return env;
}

describe('brownout load: usage errors exit 2', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-load-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('without k6 on PATH or in K6_BINARY: exit 2, saying how to install it, and no report', async () => {
    const out = join(dir, 'no-k6');
    const result = await brownout(['load', '--out', out], envWithoutK6(), 30_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('brownout load: k6 was not found on PATH and K6_BINARY is not set.');
    expect(result.stderr).toContain('install-k6.sh');
    expect(result.stderr).toContain('K6_BINARY');
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('a K6_BINARY that is not executable: exit 2 naming it', async () => {
    const notK6 = join(dir, 'not-k6.txt');
    await writeFile(notK6, 'not a program');
    const result = await brownout(['load'], { ...envWithoutK6(), K6_BINARY: notK6 }, 30_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`K6_BINARY=${notK6} is not an executable file`);
  }, 60_000);

  it('--target without --fault-server-port, a bad --duration or a bad options file: exit 2', async () => {
    const options = join(dir, 'options.yaml');
    await writeFile(options, 'thresholds:\n  fault:\n    maxErrorRate: 2\n');
    // Three CLI starts at once: each start costs seconds on a loaded machine.
    const [target, duration, bad] = await Promise.all([
      brownout(['load', '--target', 'http://127.0.0.1:9/v1'], envWithoutK6(), 50_000),
      brownout(['load', '--duration', '5s,5s'], envWithoutK6(), 50_000),
      brownout(['load', '--options', options], envWithoutK6(), 50_000),
    ]);
    expect(target.code).toBe(2);
    expect(target.stderr).toContain('--target needs --fault-server-port');
    expect(duration.code).toBe(2);
    expect(duration.stderr).toContain('--duration must be one duration per phase');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('thresholds.fault.maxErrorRate: must be in the range [0, 1]');
  }, 60_000);

  it('reads phase durations in seconds or minutes, one for all phases or one each', () => {
    expect(parsePhaseDurations('10s')).toEqual([10]);
    expect(parsePhaseDurations('10s, 1m,5')).toEqual([10, 60, 5]);
    expect(() => parsePhaseDurations('0s')).toThrow(/each above 0/);
    expect(() => parsePhaseDurations('10x')).toThrow(/--duration/);
  });
});
