import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SystemSpec } from './systems.ts';

/**
 * The package versions behind a system, as far as the files on disk tell (best effort; an empty
 * record means "not known", never "none"):
 * - `--system F`: every package F imports, at the version installed where F would load it;
 * - `--target-cmd C`: for each file C names, the folder's pinned peers: `package.json`
 *   dependencies at their installed versions, `requirements.txt` pins (`name==version`);
 * - `--target URL`: nothing can be known from here.
 */
export function versionsOf(spec: SystemSpec, cwd: string): Record<string, string> {
  if (spec.kind === 'system') return importedVersions(resolve(cwd, spec.value));
  if (spec.kind === 'target-cmd') {
    const out: Record<string, string> = {};
    for (const token of spec.value.split(/\s+/)) {
      const file = resolve(cwd, token.replace(/^['"]|['"]$/g, ''));
      if (!token || !isFile(file)) continue;
      Object.assign(out, folderPins(dirname(file)));
    }
    return out;
  }
  return {};
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Bare import specifiers of a module (`from 'x'`, `import('x')`), as package names. */
export function importedPackages(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
    const spec = m[1] as string;
    if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) continue;
    const parts = spec.split('/');
    names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
  }
  return [...names].sort();
}

function importedVersions(file: string): Record<string, string> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  for (const name of importedPackages(source)) {
    const version = installedVersion(name, dirname(file));
    if (version) out[name] = version;
  }
  return out;
}

/** The version of `name` that Node's resolution would find from `from`, walking up node_modules. */
export function installedVersion(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function folderPins(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    try {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> };
      for (const [name, range] of Object.entries(pkg.dependencies ?? {}))
        out[name] = installedVersion(name, dir) ?? `${range} (not installed)`;
    } catch {
      // An unreadable manifest tells nothing; the scorecard says "not known".
    }
  }
  const requirements = join(dir, 'requirements.txt');
  if (existsSync(requirements)) {
    for (const line of readFileSync(requirements, 'utf8').split('\n')) {
      const m = /^\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)/.exec(line);
      if (m) out[m[1] as string] = m[2] as string;
    }
  }
  return out;
}
