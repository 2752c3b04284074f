import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findK6, runsTypeScript } from '../../src/load/k6-binary.ts';

describe('finding k6', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-k6-binary-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds k6 by K6_BINARY or PATH, and refuses a K6_BINARY that is not executable', async () => {
    const notK6 = join(dir, 'not-k6.txt');
    await writeFile(notK6, 'not a program');
    await expect(findK6({ K6_BINARY: notK6, PATH: '' })).rejects.toThrow(
      `K6_BINARY=${notK6} is not an executable file`,
    );
    // An old k6 on PATH (a stand-in that prints what k6 0.50 prints) gets the ES2017 bundle.
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'k6'), '#!/bin/sh\necho "k6 v0.50.0 (go1.21.6, linux/amd64)"\n', {
      mode: 0o755,
    });
    const found = await findK6({ PATH: `${join(dir, 'nothing')}:${bin}` });
    expect(found).toEqual({ path: join(bin, 'k6'), version: 'v0.50.0' });
    expect(runsTypeScript(found.version)).toBe(false);
    expect(runsTypeScript('v0.57.0')).toBe(true);
    expect(runsTypeScript('v2.2.0')).toBe(true);
  });
});
