import { describe, expect, it } from 'vitest';
import { resolveTargets, type TargetOptions } from '../../src/cli/run-targets.ts';
import { UsageError } from '../../src/cli/usage.ts';

/** Bad combinations of `brownout run` target options are refused before anything starts. */
describe('resolveTargets: a bad combination is a UsageError (exit 2) with a stable code', () => {
  it.each<[string, TargetOptions, RegExp]>([
    ['two systems under test', { system: ['s.ts'], target: 'http://127.0.0.1:1' }, /give one of them$/],
    ['--target alone', { target: 'http://127.0.0.1:1' }, /^--target and --fault-server-port go together/],
    ['--system-name without a gateway', { systemName: 'x' }, /^--system-name names a gateway/],
    ['--black-box without a gateway', { blackBox: true }, /^--black-box judges a gateway/],
  ])('%s', async (_what, options, message) => {
    const error = await resolveTargets(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ code: 'BROWNOUT_CLI_USAGE', name: 'UsageError' });
    expect((error as Error).message).toMatch(message);
  });
});
