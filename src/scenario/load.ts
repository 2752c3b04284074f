import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { glob } from 'tinyglobby';
import { parse as parseYaml } from 'yaml';
import { ScenarioFileError } from './errors.ts';
import { type Scenario, validateScenario } from './validate.ts';

const EXTENSIONS = '{ts,mts,js,mjs,json,yaml,yml}';
export const DEFAULT_SCENARIO_GLOB = `scenarios/**/*.${EXTENSIONS}`;

/** The built-in suite shipped in the package (same relative path from src/ and dist/). */
const BUILT_IN_DIR = fileURLToPath(new URL('../../scenarios', import.meta.url));

/**
 * Files named by paths, directories and globs, sorted. With none: everything in `./scenarios`
 * when the current folder has one (a checkout of brownout, or a project with scenarios of its
 * own), else the built-in suite shipped in the package.
 */
export async function findScenarioFiles(patterns: string[], cwd = process.cwd()): Promise<string[]> {
  const ignore = ['**/node_modules/**', '**/*.d.ts'];
  if (patterns.length === 0 && !existsSync(resolve(cwd, 'scenarios'))) {
    return (await glob([`**/*.${EXTENSIONS}`], { cwd: BUILT_IN_DIR, absolute: true, ignore })).sort();
  }
  const expanded = (patterns.length > 0 ? patterns : [DEFAULT_SCENARIO_GLOB]).map((p) =>
    /\.[a-z]+$/i.test(p) || /[*?{[]/.test(p) ? p : `${p.replace(/\/+$/, '')}/**/*.${EXTENSIONS}`,
  );
  return (await glob(expanded, { cwd, absolute: true, ignore })).sort();
}

let jiti: ReturnType<typeof createJiti> | undefined;

/** The largest scenario file read (1 MiB): the built-in ones are a few KB. */
export const MAX_SCENARIO_FILE_BYTES = 1024 * 1024;

/** How long a TypeScript or JavaScript scenario may take to load (its top-level await included). */
function loadTimeoutMs(): number {
  const fromEnv = Number(process.env.BROWNOUT_SCENARIO_LOAD_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 30_000;
}

let abandoned = false;

/** A module with no `export default`: said as such, not as a scenario missing every field. */
class NoDefaultExport extends Error {}

/**
 * Whether a scenario module never finished loading: its pending work (a timer, a socket) cannot
 * be unloaded, so the CLI exits at once rather than wait for it.
 */
export function scenarioLoadAbandoned(): boolean {
  return abandoned;
}

async function readModule(file: string): Promise<unknown> {
  jiti ??= createJiti(import.meta.url, { interopDefault: false, moduleCache: false });
  const ms = loadTimeoutMs();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The timer also keeps Node alive: a top-level await that never settles would otherwise end
  // the process with exit 13 and no word.
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandoned = true;
      reject(new Error(`did not finish loading within ${ms} ms (a top-level await that never settles?)`));
    }, ms);
  });
  try {
    const module = (await Promise.race([jiti.import(file), late])) as Record<string, unknown>;
    if (module?.default === undefined) {
      throw new NoDefaultExport(
        `has no default export: write \`export default defineScenario({ ... })\`${
          Object.keys(module ?? {}).length > 0 ? ` (it exports ${Object.keys(module).join(', ')})` : ''
        }`,
      );
    }
    return module.default;
  } finally {
    clearTimeout(timer);
  }
}

/** Reads one file's scenarios (a file holds one scenario or an array of them). */
export async function loadScenarioFile(file: string, cwd = process.cwd()): Promise<Scenario[]> {
  const source = relative(cwd, file) || file;
  let content: unknown;
  const size = await stat(file).then(
    (info) => info.size,
    () => 0,
  );
  if (size > MAX_SCENARIO_FILE_BYTES) {
    throw new ScenarioFileError(source, [
      `is ${size} bytes; a scenario file may be at most ${MAX_SCENARIO_FILE_BYTES} bytes (1 MiB)`,
    ]);
  }
  try {
    if (/\.json$/i.test(file)) content = JSON.parse(await readFile(file, 'utf8'));
    else if (/\.ya?ml$/i.test(file)) content = parseYaml(await readFile(file, 'utf8'));
    else content = await readModule(resolve(file));
  } catch (error) {
    if (error instanceof NoDefaultExport) throw new ScenarioFileError(source, [error.message]);
    throw new ScenarioFileError(source, [`cannot be read: ${(error as Error).message}`]);
  }
  const items = Array.isArray(content) ? content : [content];
  if (items.length === 0)
    throw new ScenarioFileError(source, ['holds no scenario (expected an object or an array of them)']);
  return items.map((item, i) => validateScenario(item, items.length > 1 ? `${source}[${i}]` : source));
}

/** Loads every scenario from paths or globs; ids must be unique across files. */
export async function loadScenarios(patterns: string[], cwd = process.cwd()): Promise<Scenario[]> {
  const files = await findScenarioFiles(patterns, cwd);
  if (files.length === 0) {
    throw new ScenarioFileError(patterns.join(' ') || DEFAULT_SCENARIO_GLOB, ['matches no scenario file']);
  }
  const scenarios: Scenario[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    for (const scenario of await loadScenarioFile(file, cwd)) {
      const other = seen.get(scenario.id);
      if (other)
        throw new ScenarioFileError(scenario.source, [`id: "${scenario.id}" is already used by ${other}`]);
      seen.set(scenario.id, scenario.source);
      scenarios.push(scenario);
    }
  }
  return scenarios;
}
