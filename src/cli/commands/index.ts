import type { Command } from 'commander';
import { registerFaultServer } from './fault-server.ts';
import { registerGateway } from './gateway.ts';
import { registerLoad } from './load.ts';
import { registerMonitor } from './monitor.ts';
import { registerReport } from './report.ts';
import { registerRun } from './run.ts';
import { registerScorecard } from './scorecard.ts';

/** A sub-command adds itself to the program; one file per command. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerRun,
  registerFaultServer,
  registerGateway,
  registerReport,
  registerScorecard,
  registerMonitor,
  registerLoad,
];
