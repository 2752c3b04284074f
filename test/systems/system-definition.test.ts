import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unreachableReason } from '../../src/systems/in-process.ts';
import { isSystemFileError, loadSystemFile, loadSystemFiles } from '../../src/systems/load-system.ts';
import { defineSystem, type SystemDefinition, systemIssues } from '../../src/systems/system-definition.ts';
import { REPO } from '../cli/support/cli.ts';

const noop = {
  async chat() {
    return {};
  },
  async *stream() {},
};

describe('systemIssues', () => {
  it('accepts a well-formed system', () => {
    expect(systemIssues(defineSystem({ name: 'mine', ...noop }))).toEqual([]);
  });
  it('names every wrong field and what was expected', () => {
    const issues = systemIssues({ name: 'a b', chat: 1, http: 'axios', usesProviderURLs: 'yes', extra: 1 });
    expect(issues).toEqual([
      expect.stringMatching(/^name: must be 1 to 64 letters/),
      'chat: is required (a function)',
      'stream: is required (a function)',
      'http: must be one of fetch, node-http, undici, got "axios"',
      'usesProviderURLs: must be true or false',
      'unknown field(s) "extra" (a typo?)',
    ]);
    expect(systemIssues(undefined)[0]).toMatch(/default export must be a defineSystem/);
  });
});

describe('loadSystemFile', () => {
  it('loads a TypeScript module through jiti, with `brownout` resolved to this package', async () => {
    const { definition, source } = await loadSystemFile('examples/systems/openai-sdk-fallback.ts', {
      cwd: REPO,
    });
    expect(definition.name).toBe('openai-sdk-fallback');
    expect(source).toBe('examples/systems/openai-sdk-fallback.ts');
    expect(definition.versions?.openai).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a malformed module: an error that names the file and each issue', async () => {
    const error = await loadSystemFile('test/systems/fixtures/no-stream.ts', { cwd: REPO }).catch((e) => e);
    expect(isSystemFileError(error)).toBe(true);
    expect(error.message).toContain('test/systems/fixtures/no-stream.ts');
    expect(error.issues).toEqual([
      expect.stringMatching(/^name:/),
      'stream: is required (a function)',
      'unknown field(s) "retries" (a typo?)',
    ]);
  });

  it('a module that does not compile, or does not exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'brownout-system-'));
    await writeFile(join(dir, 'broken.ts'), "export default defineSystem({ name: 'x', chat( });\n");
    const broken = await loadSystemFile(join(dir, 'broken.ts'), { cwd: REPO }).catch((e) => e);
    await rm(dir, { recursive: true, force: true });
    expect(isSystemFileError(broken)).toBe(true);
    expect(broken.message).toContain('broken.ts');
    expect(broken.issues[0]).toMatch(/^cannot be loaded: /);
    const missing = await loadSystemFile('test/systems/fixtures/nope.ts', { cwd: REPO }).catch((e) => e);
    expect(missing.issues).toEqual(['does not exist']);
  });

  it('a module whose load never settles: a bounded wait', async () => {
    const started = performance.now();
    const error = await loadSystemFile('test/systems/fixtures/hangs-on-load.ts', {
      cwd: REPO,
      timeoutMs: 300,
    }).catch((e) => e);
    expect(error.timedOut).toBe(true);
    expect(error.issues[0]).toMatch(/did not finish loading within 300 ms/);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('two systems with one name are refused', async () => {
    const file = 'examples/systems/openai-sdk-fallback.ts';
    const error = await loadSystemFiles([file, `./${file}`], { cwd: REPO }).catch((e) => e);
    expect(error.issues).toEqual([
      'name: "openai-sdk-fallback" is already used by examples/systems/openai-sdk-fallback.ts',
    ]);
  });
});

describe('unreachableReason: which backend reaches which client', () => {
  const system = (over: Partial<SystemDefinition>): SystemDefinition => ({ name: 's', ...noop, ...over });
  it.each([
    ['fetch', 'msw', true],
    ['fetch', 'nock', true],
    ['fetch', 'mock-agent', true],
    ['fetch', 'server', true],
    ['node-http', 'msw', true],
    ['node-http', 'mock-agent', false],
    ['undici', 'msw', false],
    ['undici', 'nock', false],
    ['undici', 'mock-agent', true],
  ] as const)('%s client on %s: reachable %s', (http, backend, reachable) => {
    expect(unreachableReason(system({ http }), backend) === undefined).toBe(reachable);
  });
  it('the server backend needs a system that uses the base URLs it is given', () => {
    expect(unreachableReason(system({ usesProviderURLs: false }), 'server')).toMatch(
      /calls the real provider hosts .* only the in-process backends/,
    );
  });
});
