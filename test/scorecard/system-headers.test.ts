import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/report/redact.ts';
import {
  checkSystemHeaders,
  childEnvFor,
  headerSecrets,
  headersEnvPrefix,
} from '../../src/scorecard/system-headers.ts';
import { ScorecardUsageError, SystemCollector, type SystemSpec } from '../../src/scorecard/systems.ts';

const portkey: SystemSpec = { kind: 'target-cmd', value: 'start.sh {port}', headersEnv: 'PORTKEY_HEADERS' };
const litellm: SystemSpec = { kind: 'target', value: 'http://127.0.0.1:4100', headersEnv: 'LITELLM_HEADERS' };
const plain: SystemSpec = { kind: 'target', value: 'http://127.0.0.1:4200' };
const reference: SystemSpec = { kind: 'reference', value: '' };
const specs = [reference, portkey, litellm, plain];
const env: NodeJS.ProcessEnv = {
  PATH: '/usr/bin',
  PORTKEY_HEADERS: '{"x-portkey-config":{"strategy":{"mode":"fallback"}}}',
  LITELLM_HEADERS: '{"Authorization":"Bearer sk-litellm-master-0123456789"}',
  BROWNOUT_TARGET_HEADERS: '{"x-global":"g","x-team-token":"team-token-abcdef123"}',
};

describe('--target-headers-env on the command line', () => {
  it('attaches the variable to the gateway given just before it', () => {
    const c = new SystemCollector();
    c.add('target-cmd', 'start.sh {port}');
    c.headersEnvLast('PORTKEY_HEADERS');
    c.add('target', 'http://127.0.0.1:4100');
    c.nameLast('LiteLLM');
    c.headersEnvLast('LITELLM_HEADERS');
    expect(c.specs).toEqual([
      { kind: 'target-cmd', value: 'start.sh {port}', headersEnv: 'PORTKEY_HEADERS' },
      { kind: 'target', value: 'http://127.0.0.1:4100', name: 'LiteLLM', headersEnv: 'LITELLM_HEADERS' },
    ]);
  });

  it('refuses it before any system, after an in-process system, twice, or holding a value', () => {
    const c = new SystemCollector();
    expect(() => c.headersEnvLast('X')).toThrow(/comes before any system/);
    c.add('system', 'a.ts');
    expect(() => c.headersEnvLast('X')).toThrow(/follows --system: only a gateway/);
    c.add('target', 'http://h');
    expect(() => c.headersEnvLast('{"authorization":"x"}')).toThrow(ScorecardUsageError);
    c.headersEnvLast('X');
    expect(() => c.headersEnvLast('Y')).toThrow(/already takes its headers from X/);
  });
});

describe('each run’s environment', () => {
  it('gives a gateway its own headers as BROWNOUT_TARGET_HEADERS, and no run any own-headers variable', () => {
    const forPortkey = childEnvFor(portkey, specs, env);
    expect(forPortkey.BROWNOUT_TARGET_HEADERS).toBe(env.PORTKEY_HEADERS);
    expect(forPortkey.PATH).toBe('/usr/bin');
    expect(childEnvFor(litellm, specs, env).BROWNOUT_TARGET_HEADERS).toBe(env.LITELLM_HEADERS);
    // A gateway without its own keeps the global headers; an in-process system gets none.
    expect(childEnvFor(plain, specs, env).BROWNOUT_TARGET_HEADERS).toBe(env.BROWNOUT_TARGET_HEADERS);
    expect(childEnvFor(reference, specs, env)).not.toHaveProperty('BROWNOUT_TARGET_HEADERS');
    for (const spec of specs) {
      const child = childEnvFor(spec, specs, env);
      expect(child).not.toHaveProperty('PORTKEY_HEADERS');
      expect(child).not.toHaveProperty('LITELLM_HEADERS');
    }
    // The caller's environment is left as it was.
    expect(env.PORTKEY_HEADERS).toBeDefined();
  });

  it('names the variable, never its value, in the replay command', () => {
    expect(headersEnvPrefix(litellm)).toBe('BROWNOUT_TARGET_HEADERS="$LITELLM_HEADERS" ');
    expect(headersEnvPrefix(plain)).toBe('');
  });
});

describe('checking the variables before any run', () => {
  const names = ['ref', 'Portkey 1.15.2', 'LiteLLM 1.108.0', 'plain'];

  it('accepts set, well-formed variables', () => {
    expect(() => checkSystemHeaders(specs, names, env)).not.toThrow();
  });

  it('names the variable and the system, and never quotes the value', () => {
    const bad = (value: string | undefined) => {
      const e = { ...env, LITELLM_HEADERS: value };
      try {
        checkSystemHeaders(specs, names, e);
      } catch (error) {
        expect(error).toBeInstanceOf(ScorecardUsageError);
        expect((error as Error).message).toContain(
          '--target-headers-env LITELLM_HEADERS (system "LiteLLM 1.108.0")',
        );
        expect((error as Error).message).not.toContain('sk-secret-value-42');
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(bad(undefined)).toMatch(/LITELLM_HEADERS is not set/);
    expect(bad('  ')).toMatch(/LITELLM_HEADERS is empty/);
    expect(bad('Bearer sk-secret-value-42')).toMatch(/not valid JSON/);
    expect(bad('"sk-secret-value-42"')).toMatch(/got a string/);
    expect(bad('{"Authori zation":"sk-secret-value-42"}')).toMatch(
      /"Authori zation" is not a valid header name/,
    );
  });
});

describe('header secrets for the redactor', () => {
  it('collects credential-like header values (and bare bearer tokens) from every variable', () => {
    const secrets = headerSecrets(specs, env);
    expect(secrets).toEqual(
      expect.arrayContaining([
        'Bearer sk-litellm-master-0123456789',
        'sk-litellm-master-0123456789',
        'team-token-abcdef123',
      ]),
    );
    // A routing config is not a credential: redacting it would hide e.g. provider names.
    expect(secrets.some((s) => s.includes('portkey') || s.includes('fallback'))).toBe(false);
    const redact = createRedactor(secrets);
    expect(redact('the gateway said: bad key team-token-abcdef123')).toBe(
      'the gateway said: bad key [redacted]',
    );
  });

  it('skips a malformed variable (reported elsewhere) rather than failing', () => {
    expect(headerSecrets(specs, { ...env, BROWNOUT_TARGET_HEADERS: '{' })).toContain(
      'sk-litellm-master-0123456789',
    );
  });
});
