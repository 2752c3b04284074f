import type { Command } from 'commander';

/** A sub-command adds itself to the program; one file per command. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
