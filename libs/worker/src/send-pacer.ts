import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces the mails a process sends: each caller of `slot` gets the next free slot, slots being
 * 1000 / perSecond ms apart (on the monotonic clock), and waits for it. However many jobs run side
 * by side and however many mails each carries, k slots span at least (k - 1) × 1000 / perSecond ms,
 * so no second holds more than `perSecond` of them: the process renders and sends at most that
 * many mails a second. A lone mail goes at once; a backlog goes at an even pace.
 */
export class SendPacer {
  private readonly gapMs: number;
  private next = 0;

  constructor(perSecond: number) {
    this.gapMs = 1000 / perSecond;
  }

  /** Waits for this caller's slot. */
  readonly slot = async (): Promise<void> => {
    const now = performance.now();
    const at = Math.max(now, this.next);
    this.next = at + this.gapMs;
    if (at > now) await sleep(Math.ceil(at - now));
  };
}
