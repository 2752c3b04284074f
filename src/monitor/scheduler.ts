/**
 * Runs a task every `intervalMs` plus a random jitter in [0, jitterMs), never two at once: the
 * next run is scheduled when the previous one has finished. Timers come from the global
 * `setTimeout`, so fake timers drive it in tests.
 */
export class Schedule {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly jitterMs = 0,
    private readonly random: () => number = Math.random,
  ) {}

  /** Runs the task now, then on schedule. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#run();
  }

  #run(): void {
    this.#running = this.task()
      .catch(() => {})
      .finally(() => {
        this.#running = undefined;
        if (this.#stopped) return;
        const delay = this.intervalMs + Math.floor(this.random() * this.jitterMs);
        this.#timer = setTimeout(() => this.#run(), delay);
      });
  }

  /** Stops scheduling and waits for a run in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}

/** Maps over items with at most `limit` calls in flight, keeping the order of results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
