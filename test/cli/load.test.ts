import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCommand, parsePhaseDurations } from '../../src/cli/commands/load.ts';
import { brownout } from '../load/support/k6.ts';

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
    const result = await brownout(['load', '--out', out], envWithoutK6(), 80_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('brownout load: k6 was not found on PATH and K6_BINARY is not set.');
    expect(result.stderr).toContain('install-k6.sh');
    expect(result.stderr).toContain('K6_BINARY');
    expect(existsSync(out)).toBe(false);
  }, 90_000);

  it('--target without --fault-server-port, or a bad options file: exit 2 before anything starts', async () => {
    const options = join(dir, 'options.yaml');
    await writeFile(options, 'thresholds:\n  fault:\n    maxErrorRate: 2\n');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const out = join(dir, 'usage');
      expect(await loadCommand(undefined, { target: 'http://127.0.0.1:9/v1', out })).toBe(2);
      expect(await loadCommand(undefined, { options, out })).toBe(2);
      const written = stderr.mock.calls.map((c) => String(c[0])).join('');
      expect(written).toContain('--target needs --fault-server-port');
      expect(written).toContain('thresholds.fault.maxErrorRate: must be in the range [0, 1]');
      expect(existsSync(out)).toBe(false);
    } finally {
      stderr.mockRestore();
    }
  });

  it('reads phase durations in seconds or minutes, one for all phases or one each', () => {
    expect(parsePhaseDurations('10s')).toEqual([10]);
    expect(parsePhaseDurations('10s, 1m,5')).toEqual([10, 60, 5]);
    expect(() => parsePhaseDurations('0s')).toThrow(/each above 0/);
    expect(() => parsePhaseDurations('10x')).toThrow(/--duration/);
  });
});
