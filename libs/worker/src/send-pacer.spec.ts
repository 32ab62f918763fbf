import { performance } from 'node:perf_hooks';
import { SendPacer } from './send-pacer';

describe('SendPacer', () => {
  it('lets a lone send go at once and spaces a backlog, whatever the number of callers side by side', async () => {
    const pacer = new SendPacer(50);
    const started = performance.now();
    await pacer.slot();
    expect(performance.now() - started).toBeLessThan(10);

    const times: number[] = [];
    // 4 "jobs" of 10 mails each, concurrently, as the processor's concurrency runs them.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 10; i++) {
          await pacer.slot();
          times.push(performance.now());
        }
      }),
    );
    times.sort((a, b) => a - b);
    // 50 a second: the k-th slot after the lone one is at least k × 20 ms after it (each send waits
    // at least for its slot; a timer may fire a fraction of a millisecond early), so no second holds
    // more than 50 sends.
    times.forEach((t, i) => expect(t - started).toBeGreaterThanOrEqual((i + 1) * 20 - 1));
  });
});
