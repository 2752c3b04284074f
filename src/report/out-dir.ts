import { lstat, mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** The output folder cannot be used: exit 2 before any traffic. Stable code `BROWNOUT_OUT_DIR`. */
export class OutDirError extends Error {
  override readonly name = 'OutDirError';
  readonly code = 'BROWNOUT_OUT_DIR';
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    // ENOTDIR: a parent is a file; the walk up finds it and says so.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/**
 * Creates a folder and its missing parents one level at a time. Not `mkdir({ recursive: true })`:
 * on Node 20 that never settles (and spins) for a path under /proc.
 */
async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let path = dir; ; path = dirname(path)) {
    const found = await statOrUndefined(path);
    if (found) {
      if (!found.isDirectory()) throw new OutDirError(`${path} exists and is not a folder`);
      break;
    }
    missing.unshift(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing) {
    try {
      await mkdir(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && (await statOrUndefined(path))?.isDirectory())
        continue;
      throw new OutDirError(`cannot create the folder ${path} (${(error as NodeJS.ErrnoException).code})`);
    }
  }
}

/**
 * Makes sure reports can be written to `outDir` before a run sends any traffic: the folder is
 * created if missing, a probe file is written and removed, and no report name is taken by
 * something other than a file. Throws an `OutDirError` that says what is wrong. Returns the
 * absolute path.
 *
 * @example await prepareOutDir('reports'); // '/home/me/project/reports'
 */
export async function prepareOutDir(outDir: string, reportNames: readonly string[] = []): Promise<string> {
  const dir = resolve(outDir);
  try {
    await makeFolders(dir);
    for (const name of reportNames) {
      const existing = await lstat(join(dir, name)).catch(() => undefined);
      if (existing && !existing.isFile())
        throw new OutDirError(`${join(dir, name)} exists and is not a file: the report cannot be written`);
    }
    const probe = join(dir, `.brownout-write-probe-${process.pid}`);
    try {
      const handle = await open(probe, 'wx');
      await handle.close();
    } catch (error) {
      throw new OutDirError(`cannot write in ${dir} (${(error as NodeJS.ErrnoException).code})`);
    }
    await rm(probe, { force: true });
    return dir;
  } catch (error) {
    if (error instanceof OutDirError) throw error;
    throw new OutDirError(`cannot use ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
