/**
 * The retry schedule: attempt 1 at once, then attempt n + 1 after base × 3^(n−1). With the
 * production base of one minute: 1 m, 3 m, 9 m, 27 m, 81 m, 4 h 3 m, 12 h 9 m, so the eighth and
 * last attempt comes about 18 hours after the event (WEBHOOK_RETRY_BASE_MS sets the base).
 */
export const WEBHOOK_MAX_ATTEMPTS = 8;
export const WEBHOOK_BACKOFF_FACTOR = 3;
/** Per attempt; a receiver should answer at once and do its work later. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export function retryDelayMs(attemptMade: number, baseMs: number): number {
  return baseMs * WEBHOOK_BACKOFF_FACTOR ** (attemptMade - 1);
}
