/**
 * A wake-up that is not lost. A loop that polls and can be woken early (a NOTIFY, a new job) waits
 * with `wait`; whoever has news calls `signal`. A signal while the loop is busy (no one waiting) is
 * kept, and the loop's next `wait` returns at once: what the signal told of may have come after the
 * loop last looked. Two signals before a wait count as one.
 */
export class Wakeup {
  private pending = false;
  private waiter?: () => void;

  signal(): void {
    if (this.waiter) this.waiter();
    else this.pending = true;
  }

  /** Resolves at the next signal, at once if one came since the last wait, or after `ms`. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = done;
    });
  }
}
