import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findK6, K6MissingError } from '../../../src/load/k6-binary.ts';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** Where .ci/install-k6.sh caches its build (the version it pins). */
const CACHED_K6 = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'brownout',
  'k6',
  'v2.2.0',
  'k6',
);

/**
 * The k6 these tests run: K6_BINARY, k6 on PATH, or the build .ci/install-k6.sh caches. No k6 is
 * a failure, never a skip: the load tests are only meaningful with a real k6.
 */
export async function k6ForTests(): Promise<string> {
  try {
    return (await findK6()).path;
  } catch (error) {
    if (!(error instanceof K6MissingError)) throw error;
    if (existsSync(CACHED_K6)) return CACHED_K6;
    throw new Error(
      `The k6 load tests need a real k6 binary and found none: ${error.message} In this repository, run .ci/install-k6.sh (it builds k6 with Go into ${CACHED_K6}).`,
    );
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `brownout ...args` (from src, via tsx) with this env, killed after `timeoutMs`. */
export function brownout(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: REPO,
      env: { ...env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
