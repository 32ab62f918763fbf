import { RunningProcess, startProcess, testQueuePrefix, waitFor } from '@hirefair/testing';

/** Two API processes (as the README scales out) share one per-address limit through Redis. */
describe('public rate limit across processes', () => {
  const ports = [3122, 3123];
  const limit = 12;
  let apis: RunningProcess[] = [];

  beforeAll(async () => {
    apis = ports.map((port) =>
      startProcess('apps/api/src/main.ts', {
        PORT: String(port),
        WORKERS: 'off',
        PUBLIC_RATE_LIMIT: String(limit),
        QUEUE_PREFIX: `${testQueuePrefix()}-limit`,
      }),
    );
    for (const [i, port] of ports.entries()) {
      await waitFor(
        async () => {
          if (apis[i].child.exitCode !== null) throw new Error(`API ${port} exited:\n${apis[i].output()}`);
          return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
        },
        { timeoutMs: 240_000, intervalMs: 500, what: `the API on ${port}` },
      );
    }
  }, 300_000);
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop('SIGTERM')));
  });

  it.each([0, 1])(
    'the request over the limit in a minute from one address answers 429 with Retry-After on process %i',
    async (last) => {
      // Each case is its own throttled route so the two cases do not share a window.
      const route = last === 0 ? '/api/v1/public/events' : '/api/v1/public/demo';
      const send = (port: number) => fetch(`http://127.0.0.1:${port}${route}`);
      const answers: number[] = [];
      for (let i = 0; i < limit; i++) answers.push((await send(ports[(i + last + 1) % 2])).status);
      expect(answers).toEqual(Array(limit).fill(200));
      const over = await send(ports[last]);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await over.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      const other = await send(ports[1 - last]);
      expect(other.status).toBe(429);
      expect(other.headers.get('retry-after')).not.toBeNull();
    },
  );
});
