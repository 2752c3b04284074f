/** Serves until SIGINT or SIGTERM, then runs `stop` and resolves with exit code 0. */
export function untilSignal(stop: () => Promise<unknown>): Promise<number> {
  return new Promise((resolve) => {
    const onSignal = () => void stop().then(() => resolve(0));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
