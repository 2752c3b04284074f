import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { type SystemDefinition, systemIssues } from './system-definition.ts';

export const DEFAULT_SYSTEM_LOAD_TIMEOUT_MS = 30_000;

/** A `--system` module that cannot be used: names the file and what is wrong. Exit code 2. */
export class SystemFileError extends Error {
  readonly code = 'BROWNOUT_SYSTEM_INVALID';
  override readonly name = 'SystemFileError';
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
    /** The module's load never settled: its top-level code may still hold the process. */
    readonly timedOut = false,
  ) {
    super(`${file}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

export function isSystemFileError(error: unknown): error is SystemFileError {
  return (error as { code?: unknown } | null)?.code === 'BROWNOUT_SYSTEM_INVALID';
}

/** A loaded system and the file it came from. */
export interface LoadedSystem {
  definition: SystemDefinition;
  source: string;
}

/** `brownout` inside a system module is the brownout that loads it (src/ in development, dist/ when installed). */
function selfEntry(): string {
  const ts = fileURLToPath(new URL('../index.ts', import.meta.url));
  return existsSync(ts) ? ts : fileURLToPath(new URL('../index.js', import.meta.url));
}

/**
 * Loads a `defineSystem` module (TypeScript or JavaScript, through jiti as scenario files are) and
 * checks its default export. A load that does not settle within `timeoutMs` (top-level code that
 * waits on the network, say) is an error too.
 */
export async function loadSystemFile(
  file: string,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<LoadedSystem> {
  const cwd = options.cwd ?? process.cwd();
  const path = resolve(cwd, file);
  const source = relative(cwd, path) || path;
  if (!existsSync(path)) throw new SystemFileError(source, ['does not exist']);
  const timeoutMs = options.timeoutMs ?? DEFAULT_SYSTEM_LOAD_TIMEOUT_MS;
  const jiti = createJiti(import.meta.url, {
    interopDefault: true,
    moduleCache: false,
    alias: { brownout: selfEntry() },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SystemFileError(
            source,
            [`did not finish loading within ${timeoutMs} ms (top-level code that waits?)`],
            true,
          ),
        ),
      timeoutMs,
    );
  });
  let value: unknown;
  try {
    value = await Promise.race([jiti.import(path, { default: true }), timeout]);
  } catch (error) {
    if (isSystemFileError(error)) throw error;
    throw new SystemFileError(source, [`cannot be loaded: ${(error as Error).message ?? String(error)}`]);
  } finally {
    clearTimeout(timer);
  }
  const issues = systemIssues(value);
  if (issues.length > 0) throw new SystemFileError(source, issues);
  return { definition: value as SystemDefinition, source };
}

/** Loads several systems; their names must differ (each gets its own reports). */
export async function loadSystemFiles(
  files: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<LoadedSystem[]> {
  const systems: LoadedSystem[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const system = await loadSystemFile(file, options);
    const other = seen.get(system.definition.name);
    if (other) {
      throw new SystemFileError(system.source, [
        `name: "${system.definition.name}" is already used by ${other}`,
      ]);
    }
    seen.set(system.definition.name, system.source);
    systems.push(system);
  }
  return systems;
}
