/**
 * Finding k6: `K6_BINARY`, else `k6` on PATH. brownout runs k6 as a separate program (k6 is
 * AGPL-3.0; it is never linked into or shipped with brownout).
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** No k6 to run: says how to get one. */
export class K6MissingError extends Error {
  readonly code = 'BROWNOUT_K6_MISSING';
  override readonly name = 'K6MissingError';
}

export const K6_INSTALL_HINT =
  'Install k6 (https://grafana.com/docs/k6/latest/set-up/install-k6/), or build it with Go 1.25+ ' +
  '(.ci/install-k6.sh in the brownout repository builds go.k6.io/k6/v2@v2.2.0), then put it on PATH ' +
  'or set K6_BINARY to its path.';

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The k6 to run, and its version (`v2.2.0`); throws K6MissingError when there is none. */
export async function findK6(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ path: string; version: string }> {
  let path: string | undefined;
  if (env.K6_BINARY) {
    if (!(await executable(env.K6_BINARY)))
      throw new K6MissingError(`K6_BINARY=${env.K6_BINARY} is not an executable file. ${K6_INSTALL_HINT}`);
    path = env.K6_BINARY;
  } else {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      if (dir && (await executable(join(dir, 'k6')))) {
        path = join(dir, 'k6');
        break;
      }
    }
  }
  if (!path)
    throw new K6MissingError(`k6 was not found on PATH and K6_BINARY is not set. ${K6_INSTALL_HINT}`);
  const { stdout } = await run(path, ['version'], { timeout: 15_000 });
  return { path, version: /v\d+\.\d+\.\d+\S*/.exec(stdout)?.[0] ?? stdout.trim() };
}

/** k6 0.57 and newer run TypeScript directly; older ones need the ES2017 bundle. */
export function runsTypeScript(version: string): boolean {
  const match = /v?(\d+)\.(\d+)/.exec(version);
  if (!match) return true;
  const major = Number(match[1]);
  return major >= 1 || Number(match[2]) >= 57;
}
