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

/** The largest seed: what the runner picks from by default, and what every seeded source takes exactly. */
export const MAX_SEED = 2 ** 31 - 1;

/**
 * A commander option parser for seeds: a whole number in [0, 2^31 - 1], so the seed echoed in the
 * replay command is the one given (a larger number would be rounded and not reproduce the run).
 */
export function parseSeedOption(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n > MAX_SEED)
      throw new InvalidArgumentError(
        `${option} must be a whole number in the range [0, ${MAX_SEED}], got "${value}"`,
      );
    return n;
  };
}
