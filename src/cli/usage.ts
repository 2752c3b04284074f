import { InvalidArgumentError } from 'commander';

/** Bad usage: the CLI prints it with the command's help and exits 2. */
export class UsageError extends Error {
  readonly code = 'BROWNOUT_CLI_USAGE';
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

/** A commander option parser for TCP ports: a whole number in [0, 65535] (0: any free port). */
export function parsePortOption(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || n > 65_535)
      throw new InvalidArgumentError(`${option} must be a port number from 0 to 65535, got "${value}"`);
    return n;
  };
}

/**
 * What to say when a server cannot listen, and the exit status: a host that does not resolve or
 * is no local address is bad usage (2); a port in use or not allowed is the machine's state (1).
 * Undefined for any other error (a bug: let it surface).
 */
export function listenFailure(
  error: unknown,
  host: string,
  port: number,
): { message: string; exitCode: number } | undefined {
  const code = (error as { code?: unknown }).code;
  const where = `${host}:${port}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return {
      message: `cannot listen on ${where}: the host "${host}" does not resolve (--host takes a local address such as 127.0.0.1)`,
      exitCode: 2,
    };
  if (code === 'EADDRNOTAVAIL')
    return { message: `cannot listen on ${where}: "${host}" is not an address of this machine`, exitCode: 2 };
  if (code === 'EADDRINUSE')
    return {
      message: `cannot listen on ${where}: the port is in use (--port 0 picks a free one)`,
      exitCode: 1,
    };
  if (code === 'EACCES')
    return {
      message: `cannot listen on ${where}: not allowed (ports below 1024 need privileges)`,
      exitCode: 1,
    };
  return undefined;
}
