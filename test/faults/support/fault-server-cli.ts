// The fault-server command alone, as src/cli/main.ts registers it (the test drives one command).
import { Command } from 'commander';
import { registerFaultServer } from '../../../src/cli/commands/fault-server.ts';

const program = new Command().name('brownout').exitOverride(() => process.exit(2));
registerFaultServer(program);
await program.parseAsync(process.argv);
