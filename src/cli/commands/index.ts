import type { Command } from 'commander';
import { registerFaultServer } from './fault-server.ts';

/** A sub-command adds itself to the program; one file per command. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerFaultServer];
