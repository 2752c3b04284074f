// Every name the docs say the package exports must import from the built package.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith('.md'),
);

/**
 * Backticked names in the docs that are not brownout's exports, each with why: methods of an
 * object the docs name beside them, and other libraries' names.
 */
const NOT_OURS = new Set([
  'start', // injector.start()
  'reset', // injector.reset()
  'request', // undici's request()
  'ceil', // Math.ceil in a formula
  'setGlobalDispatcher', // undici's
  'APIError', // the openai SDK's
  'fetch',
  'reportRoute', // a function of the call context a system gets (docs/systems.md), not an export
  'APIUserAbortError', // the openai SDK's
  'TimeoutError', // the DOMException AbortSignal.timeout() throws
  'APIConnectionTimeoutError', // the openai SDK's
  'APICallError', // the AI SDK's
  'AbortError', // the DOMException an aborted fetch throws
  'SyntaxError', // JavaScript's
]);

/** Names the docs claim: `import { … } from 'brownout'`, backticked calls `name(`, type guards and error classes. */
function documentedNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const file of DOCS) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]brownout['"]/g)) {
      for (const part of (m[1] as string).split(',')) {
        const name = part
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+/)[0]
          ?.trim();
        if (name && !/^type\s/.test(part.trim())) names.set(name, file);
      }
    }
    for (const m of text.matchAll(/`([A-Za-z_]\w*)\(/g)) names.set(m[1] as string, file);
    for (const m of text.matchAll(/`(is[A-Z]\w*|[A-Z]\w*Error)`/g)) names.set(m[1] as string, file);
  }
  for (const name of NOT_OURS) names.delete(name);
  return names;
}

/** Names the docs import from the `brownout/report` subpath, with the file that imports each. */
function documentedReportNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const file of DOCS) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*['"]brownout\/report['"]/g)) {
      for (const part of (m[1] as string).split(',')) {
        const name = part.split(/\s+as\s+/)[0]?.trim();
        if (name && !name.startsWith('type ')) names.set(name, file);
      }
    }
  }
  return names;
}

/**
 * The names a bare specifier exports, as Node resolves it from the package root: the package
 * imports itself by name, so this goes through package.json "exports" as a user's import would.
 */
function exportedNames(specifier: string): string[] {
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `console.log(JSON.stringify(Object.keys(await import(${JSON.stringify(specifier)}))))`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return JSON.parse(out) as string[];
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

describe('the names the docs document are exported by the built package', () => {
  let built: Record<string, unknown>;

  beforeAll(async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: { '.': { import: string } };
    };
    const entry = join(ROOT, pkg.exports['.'].import);
    // CI builds first; locally, build when dist is missing or older than src.
    if (!existsSync(entry) || statSync(entry).mtimeMs < newestMtime(join(ROOT, 'src'))) {
      execFileSync(
        process.execPath,
        [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
        {
          cwd: ROOT,
          stdio: 'ignore',
        },
      );
    }
    built = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  }, 300_000);

  it('finds the names the docs are known to mention', () => {
    const names = documentedNames();
    for (const name of ['createRouter', 'compilePhases', 'isFaultValidationError', 'writeReports'])
      expect(names.has(name), name).toBe(true);
  });

  it('exports each of them', () => {
    const missing = [...documentedNames()]
      .filter(([name]) => built[name] === undefined)
      .map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });
});

describe('the brownout/report subpath', () => {
  beforeAll(() => {
    const entry = join(ROOT, 'dist/report/index.js');
    if (!existsSync(entry) || statSync(entry).mtimeMs < newestMtime(join(ROOT, 'src'))) {
      execFileSync(
        process.execPath,
        [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
        { cwd: ROOT, stdio: 'ignore' },
      );
    }
  }, 300_000);

  it('points into dist/report, types and code', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; import: string }>;
    };
    expect(pkg.exports['./report']).toEqual({
      types: './dist/report/index.d.ts',
      import: './dist/report/index.js',
    });
    expect(existsSync(join(ROOT, 'dist/report/index.d.ts'))).toBe(true);
  });

  it('exports every name the docs import from it, and the renderers', () => {
    const exported = new Set(exportedNames('brownout/report'));
    const documented = documentedReportNames();
    expect(documented.has('diffReports')).toBe(true);
    const missing = [...documented]
      .filter(([name]) => !exported.has(name))
      .map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
    for (const name of [
      'writeReports',
      'renderHtml',
      'renderMarkdown',
      'renderJUnit',
      'parseReport',
      'serveReport',
    ])
      expect(exported.has(name), name).toBe(true);
  });
});
