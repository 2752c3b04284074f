import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutDirError, prepareOutDir } from '../../src/report/out-dir.ts';
import { REPORT_FILES } from '../../src/report/write.ts';

const NAMES = Object.values(REPORT_FILES);

/** Settles within `ms` or fails: a check that hangs is the defect under test. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function refusal(outDir: string): Promise<OutDirError> {
  try {
    await within(5_000, prepareOutDir(outDir, NAMES));
  } catch (error) {
    if (error instanceof OutDirError) return error;
    throw error;
  }
  throw new Error(`expected ${outDir} to be refused`);
}

describe('prepareOutDir: the output folder is checked before any traffic', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'brownout-out-dir-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates missing folders and leaves no probe behind', async () => {
    const out = join(dir, 'a', 'b', 'c');
    expect(await within(5_000, prepareOutDir(out, NAMES))).toBe(out);
    expect(await readdir(out)).toEqual([]);
    // A second check of the same folder is fine too.
    expect(await prepareOutDir(out, NAMES)).toBe(out);
  });

  it('refuses a path under /proc promptly, naming it', async () => {
    const error = await refusal('/proc/brownout-x/reports');
    expect(error.code).toBe('BROWNOUT_OUT_DIR');
    expect(error.message).toContain('/proc/brownout-x');
  });

  it('refuses /dev/null and an existing file: not a folder', async () => {
    expect((await refusal('/dev/null')).message).toBe('/dev/null exists and is not a folder');
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    expect((await refusal(join(file, 'reports'))).message).toBe(`${file} exists and is not a folder`);
  });

  it('refuses a folder where a report name is taken by a folder', async () => {
    const out = join(dir, 'taken');
    await mkdir(join(out, 'resilience-report.json'), { recursive: true });
    expect((await refusal(out)).message).toContain('resilience-report.json exists and is not a file');
  });
});
