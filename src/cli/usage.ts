import { InvalidArgumentError } from 'commander';

/** Bad usage: the CLI prints it with the command's help and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A commander option parser for whole numbers that names the option in its error. */
export function parseIntOption(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0)
      throw new InvalidArgumentError(`${option} must be a whole number of 0 or more, got "${value}"`);
    return n;
  };
}
