import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './usage.ts';

/** Reads a JSON or YAML file given on the command line; a failure names the option and the file. */
export async function readDataFile(file: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${option}: cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    // YAML is a superset of JSON: one parser reads both.
    return parseYaml(text);
  } catch (error) {
    throw new UsageError(`${option}: ${file} is neither JSON nor YAML: ${(error as Error).message}`);
  }
}
