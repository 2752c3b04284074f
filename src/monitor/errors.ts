/** A monitor config that cannot be used: names the file, the field and what was expected. Exit code 2. */
export class MonitorConfigError extends Error {
  readonly code = 'BROWNOUT_MONITOR_CONFIG_INVALID';
  override readonly name = 'MonitorConfigError';
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
  ) {
    super(`${file}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

export function isMonitorConfigError(error: unknown): error is MonitorConfigError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'BROWNOUT_MONITOR_CONFIG_INVALID'
  );
}
