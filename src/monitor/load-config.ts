import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { createJiti } from 'jiti';
import { parse as parseYaml } from 'yaml';
import { type MonitorConfig, validateMonitor } from './config.ts';
import { MonitorConfigError } from './errors.ts';

let jiti: ReturnType<typeof createJiti> | undefined;

/** Reads and validates a monitor file: TypeScript/JavaScript through jiti (as scenario files), else JSON/YAML. */
export async function loadMonitorConfig(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Promise<MonitorConfig> {
  const source = relative(cwd, resolve(cwd, file)) || file;
  let content: unknown;
  try {
    // YAML is a superset of JSON: one parser reads both.
    if (/\.(json|ya?ml)$/i.test(file)) content = parseYaml(await readFile(resolve(cwd, file), 'utf8'));
    else {
      jiti ??= createJiti(import.meta.url, { interopDefault: true, moduleCache: false });
      content = await jiti.import(resolve(cwd, file), { default: true });
    }
  } catch (error) {
    throw new MonitorConfigError(source, [`cannot be read: ${(error as Error).message}`]);
  }
  return validateMonitor(content, source, env);
}
