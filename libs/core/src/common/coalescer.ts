export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers concurrent calls per key into batches: the first call of a key waits `windowMs` (or
 * until `maxBatch` calls arrived) and the batch runs; while it runs, the next batch of that key
 * gathers, and runs as soon as it ends. One batch per key at a time keeps arrival order across
 * batches within the process. Each call gets its own settled result back.
 */
export class Coalescer<I, O> {
  private readonly waiting = new Map<string, Waiting<I, O>[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<string>();

  constructor(
    private readonly run: (key: string, items: I[]) => Promise<Settled<O>[]>,
    private readonly options: { windowMs: number; maxBatch: number },
  ) {}

  submit(key: string, item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      const queue = this.waiting.get(key) ?? [];
      queue.push({ item, resolve, reject });
      this.waiting.set(key, queue);
      if (this.running.has(key)) return;
      if (queue.length >= this.options.maxBatch) this.flush(key);
      else if (!this.timers.has(key))
        this.timers.set(
          key,
          setTimeout(() => this.flush(key), this.options.windowMs),
        );
    });
  }

  private flush(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    const queue = this.waiting.get(key) ?? [];
    const batch = queue.splice(0, this.options.maxBatch);
    if (queue.length === 0) this.waiting.delete(key);
    if (batch.length === 0) return;
    this.running.add(key);
    this.run(
      key,
      batch.map((w) => w.item),
    )
      .then(
        (results) =>
          batch.forEach((w, k) => {
            const result = results[k];
            if (result.ok) w.resolve(result.value);
            else w.reject(result.error);
          }),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        this.running.delete(key);
        if (this.waiting.has(key)) this.flush(key);
      });
  }
}
