import { readFileSync } from 'node:fs';

/** The package's own version, read from package.json (works from src/ and dist/ alike). */
export function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
