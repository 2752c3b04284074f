#!/usr/bin/env node
// The `brownout` command. Each sub-command lives in ./commands/<name>.ts and registers itself here.
import { Command } from 'commander';
import { readPackageVersion } from '../version.ts';
import { commands } from './commands/index.ts';

const program = new Command()
  .name('brownout')
  .description('Chaos testing and synthetic monitoring for LLM failover.')
  .version(readPackageVersion())
  .showHelpAfterError()
  // Exit code 2 for bad usage (DESIGN.md: 0 pass, 1 a check failed, 2 bad usage or scenario file).
  .exitOverride((err) => {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') process.exit(0);
    process.exit(2);
  });

for (const register of commands) register(program);

await program.parseAsync(process.argv);
