import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defaultName,
  runArgsFor,
  ScorecardUsageError,
  SystemCollector,
  systemId,
} from '../../src/scorecard/systems.ts';
import { importedPackages, versionsOf } from '../../src/scorecard/versions.ts';

describe('SystemCollector', () => {
  it('keeps systems in command-line order and names the one just before --name', () => {
    const c = new SystemCollector();
    c.add('reference', '');
    c.add('target-cmd', 'examples/gateways/portkey/start.sh {port}');
    c.nameLast('portkey');
    c.add('target', 'http://127.0.0.1:4000');
    expect(c.specs).toEqual([
      { kind: 'reference', value: '' },
      { kind: 'target-cmd', value: 'examples/gateways/portkey/start.sh {port}', name: 'portkey' },
      { kind: 'target', value: 'http://127.0.0.1:4000' },
    ]);
  });

  it('refuses a --name before any system, a second name, a bad name, and --reference twice', () => {
    const c = new SystemCollector();
    expect(() => c.nameLast('x')).toThrow(/comes before any system/);
    c.add('reference', '');
    expect(() => c.nameLast('a/b')).toThrow(ScorecardUsageError);
    c.nameLast('ref');
    expect(() => c.nameLast('again')).toThrow(/already named "ref"/);
    expect(() => c.add('reference', '')).toThrow(/twice/);
    expect(() => c.add('target', '  ')).toThrow(/--target needs a value/);
  });
});

describe('system ids, names and run arguments', () => {
  it('derives folder-safe unique ids', () => {
    const taken = new Set(['portkey']);
    expect(systemId('Portkey', taken)).toBe('portkey-2');
    expect(systemId('127.0.0.1:4000/v1', new Set())).toBe('127-0-0-1-4000-v1');
    expect(systemId('///', new Set())).toBe('system');
  });

  it('names a system after what was given', () => {
    expect(defaultName({ kind: 'system', value: 'examples/systems/openai-sdk.ts' })).toBe('openai-sdk');
    expect(defaultName({ kind: 'target', value: 'http://127.0.0.1:4000/' })).toBe('127.0.0.1:4000');
  });

  it('passes each kind to brownout run, and needs the fault server port for --target', () => {
    expect(runArgsFor({ kind: 'reference', value: '' }, undefined)).toEqual([]);
    expect(runArgsFor({ kind: 'system', value: 'a.ts' }, undefined)).toEqual(['--system', 'a.ts']);
    expect(runArgsFor({ kind: 'target-cmd', value: 'gw {port}' }, undefined)).toEqual([
      '--target-cmd',
      'gw {port}',
    ]);
    expect(runArgsFor({ kind: 'target', value: 'http://h' }, 9797)).toEqual([
      '--target',
      'http://h',
      '--fault-server-port',
      '9797',
    ]);
    expect(() => runArgsFor({ kind: 'target', value: 'http://h' }, undefined)).toThrow(/--fault-server-port/);
  });
});

describe('versions of a system', () => {
  const dir = mkdtempSync(join(tmpdir(), 'brownout-versions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the packages a module imports', () => {
    const source = `import OpenAI from 'openai';\nimport { x } from './local.ts';\nimport { generateText } from 'ai';\nimport { createOpenAI } from '@ai-sdk/openai/sub';\nimport 'node:fs';\nconst m = await import("langchain");`;
    expect(importedPackages(source)).toEqual(['@ai-sdk/openai', 'ai', 'langchain', 'openai']);
  });

  it('reads installed versions of what a --system imports, and the pins of a --target-cmd folder', () => {
    mkdirSync(join(dir, 'node_modules', 'fake-sdk'), { recursive: true });
    writeFileSync(
      join(dir, 'node_modules', 'fake-sdk', 'package.json'),
      '{"name":"fake-sdk","version":"6.1.2"}',
    );
    writeFileSync(join(dir, 'system.ts'), "import x from 'fake-sdk';\nimport y from 'missing-pkg';");
    expect(versionsOf({ kind: 'system', value: join(dir, 'system.ts') }, dir)).toEqual({
      'fake-sdk': '6.1.2',
    });

    const gw = join(dir, 'gw');
    mkdirSync(gw);
    writeFileSync(join(gw, 'start.sh'), '#!/bin/sh');
    writeFileSync(join(gw, 'requirements.txt'), '# pinned\nlitellm[proxy]==1.108.0\nuvicorn>=0.3\n');
    writeFileSync(join(gw, 'package.json'), '{"dependencies":{"fake-sdk":"^6.0.0","absent":"1.0.0"}}');
    expect(
      versionsOf({ kind: 'target-cmd', value: `'${join(gw, 'start.sh')}' {port} {upstream}` }, dir),
    ).toEqual({
      litellm: '1.108.0',
      'fake-sdk': '6.1.2',
      absent: '1.0.0 (not installed)',
    });
    expect(versionsOf({ kind: 'target', value: 'http://127.0.0.1:1' }, dir)).toEqual({});
  });
});
