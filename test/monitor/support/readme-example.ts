import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

const README = new URL('../../../README.md', import.meta.url);

/** The monitor file the README tells users to save (the yaml block under "Synthetic monitoring"). */
export function readmeMonitorYaml(): string {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('## Synthetic monitoring'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md: no yaml block under "## Synthetic monitoring"');
  return block;
}

/** The README example, pointed at a fault server at `origin` instead of 127.0.0.1:8787. */
export function readmeMonitor(origin: string): Record<string, unknown> {
  return parseYaml(readmeMonitorYaml().replaceAll('http://127.0.0.1:8787', origin)) as Record<
    string,
    unknown
  >;
}
