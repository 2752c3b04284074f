import { basename, extname } from 'node:path';
import type { SystemKind } from './model.ts';

/** A system as given on the command line, before it runs. */
export interface SystemSpec {
  kind: SystemKind;
  /** File (`system`), URL (`target`), command (`target-cmd`), '' (`reference`). */
  value: string;
  /** From `--name`, else derived from the value. */
  name?: string;
  /**
   * From `--target-headers-env`: the environment variable holding this gateway's own headers
   * (a JSON object, as `BROWNOUT_TARGET_HEADERS`); only this system's run gets them.
   */
  headersEnv?: string;
}

/** Bad scorecard usage (exit 2): says which flag and what was expected. */
export class ScorecardUsageError extends Error {
  override readonly name = 'ScorecardUsageError';
  readonly code = 'BROWNOUT_SCORECARD_USAGE';
}

/**
 * Collects systems in command-line order: commander calls each option's parser in the order the
 * flags appear, so `--name` can name the system given just before it.
 *
 * @example const c = new SystemCollector(); c.add('target', 'http://127.0.0.1:4000'); c.nameLast('litellm');
 */
export class SystemCollector {
  readonly specs: SystemSpec[] = [];

  add(kind: SystemKind, value: string): void {
    if (kind === 'reference' && this.specs.some((s) => s.kind === 'reference'))
      throw new ScorecardUsageError('--reference is given twice');
    if (kind !== 'reference' && value.trim() === '') throw new ScorecardUsageError(`--${kind} needs a value`);
    this.specs.push({ kind, value });
  }

  nameLast(name: string): void {
    const last = this.specs.at(-1);
    if (!last)
      throw new ScorecardUsageError(
        `--name "${name}" comes before any system: put it after the --reference, --system, --target or --target-cmd it names`,
      );
    if (last.name !== undefined)
      throw new ScorecardUsageError(`--name "${name}": the system before it is already named "${last.name}"`);
    if (!/^[\w. -]{1,40}$/.test(name))
      throw new ScorecardUsageError(
        `--name "${name}" must be 1 to 40 letters, digits, spaces, dots, dashes or underscores`,
      );
    last.name = name;
  }

  /** `--target-headers-env NAME`: the gateway given just before it sends the headers in `$NAME`. */
  headersEnvLast(variable: string): void {
    const flag = `--target-headers-env ${variable}`;
    const last = this.specs.at(-1);
    if (!last)
      throw new ScorecardUsageError(
        `${flag} comes before any system: put it after the --target or --target-cmd it belongs to`,
      );
    if (last.kind !== 'target' && last.kind !== 'target-cmd')
      throw new ScorecardUsageError(
        `${flag} follows --${last.kind}: only a gateway (--target, --target-cmd) is sent headers`,
      );
    if (last.headersEnv !== undefined)
      throw new ScorecardUsageError(
        `${flag}: the system before it already takes its headers from ${last.headersEnv}`,
      );
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(variable))
      throw new ScorecardUsageError(
        `${flag} must name an environment variable (letters, digits, underscores), not hold its value`,
      );
    last.headersEnv = variable;
  }
}

/** The name a system gets without `--name`. */
export function defaultName(spec: SystemSpec): string {
  switch (spec.kind) {
    case 'reference':
      return 'brownout reference router';
    case 'system':
      return basename(spec.value, extname(spec.value));
    case 'target':
      return spec.value.replace(/^https?:\/\//, '').replace(/\/+$/, '');
    case 'target-cmd':
      return spec.value.trim().split(/\s+/).slice(0, 2).join(' ');
  }
}

/** A folder-safe id, unique among `taken` (a numeric suffix when two systems share a name). */
export function systemId(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'system';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** The `brownout run` arguments that test one system (everything but the shared ones). */
export function runArgsFor(spec: SystemSpec, faultServerPort: number | undefined): string[] {
  switch (spec.kind) {
    case 'reference':
      return [];
    case 'system':
      return ['--system', spec.value];
    case 'target':
      if (faultServerPort === undefined)
        throw new ScorecardUsageError(
          `--target ${spec.value} needs --fault-server-port N: the port of the fault server the gateway's upstreams point at`,
        );
      return ['--target', spec.value, '--fault-server-port', String(faultServerPort)];
    case 'target-cmd':
      return ['--target-cmd', spec.value];
  }
}
