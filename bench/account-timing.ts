/**
 * npm run bench:account-timing — whether an answer's timing tells that an account exists.
 *
 * A fresh database and the API from source (ts-node) in its own process; one organization whose
 * admin is the known account. Then BENCH_ROUNDS rounds, each sending in turn: a wrong password for
 * the known email and for an unknown one (POST /auth/login), and a password reset request for each
 * (POST /auth/password-reset). One request at a time, interleaved, so that load drifts hit every
 * kind alike. Prints p50 / p95 / mean per kind and the known ÷ unknown ratio of the medians, with
 * the load average. The per-account lockout is raised out of the way (LOGIN_MAX_FAILURES).
 *
 * Environment: BENCH_DATABASE_URL (…/hirefair_bench_accounts, dropped and recreated),
 * BENCH_REDIS_URL, BENCH_ROUNDS (40), BENCH_PORT (a free port).
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { apiClient, freePort, freshDatabase, loadAverage, percentile, stopAll, waitUntilUp } from './support';

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hirefair_bench_accounts';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const PLATFORM_ADMIN = { email: 'bench-platform@hirefair.local', password: 'bench-platform-password' };
const PASSWORD = 'bench-password-123';

function startApi(port: number): ChildProcess {
  return spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
    {
      env: {
        ...process.env,
        TS_NODE_PROJECT: 'tsconfig.json',
        NODE_ENV: 'development',
        DATABASE_URL,
        REDIS_URL,
        PORT: String(port),
        HOST: '127.0.0.1',
        WORKERS: 'off',
        DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
        QUEUE_PREFIX: `hirefair-bench-accounts-${Date.now()}`,
        PLATFORM_ADMIN_EMAIL: PLATFORM_ADMIN.email,
        PLATFORM_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
        PUBLIC_RATE_LIMIT: '1000000',
        LOGIN_MAX_FAILURES: '1000',
        SMTP_URL: '',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}

async function timed(base: string, path: string, body: unknown, expected: number): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.text();
  const ms = performance.now() - started;
  if (res.status !== expected) throw new Error(`${path}: ${res.status}, expected ${expected}`);
  return ms;
}

async function main(): Promise<void> {
  const port = Number(process.env.BENCH_PORT ?? 0) || (await freePort());
  const base = `http://127.0.0.1:${port}`;
  await freshDatabase(DATABASE_URL);
  const api = startApi(port);
  try {
    await waitUntilUp(`${base}/health`, api);
    const { call, login } = apiClient(base);
    const platform = await login(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
    const known = 'bench-admin@bench.example.com';
    await call('POST', '/organizations', platform, {
      name: 'Bench',
      slug: 'bench-accounts',
      admin: { email: known, name: 'Bench Admin', password: PASSWORD },
    });
    const unknown = 'nobody-here@bench.example.com';
    const kinds: Record<string, () => Promise<number>> = {
      'login, known email': () =>
        timed(base, '/auth/login', { email: known, password: 'wrong-guess-xx' }, 401),
      'login, unknown email': () =>
        timed(base, '/auth/login', { email: unknown, password: 'wrong-guess-xx' }, 401),
      'reset, known email': () => timed(base, '/auth/password-reset', { email: known }, 202),
      'reset, unknown email': () => timed(base, '/auth/password-reset', { email: unknown }, 202),
    };
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    // Warm-up: the first argon2 hash, JIT, connection pools.
    for (const run of Object.values(kinds)) await run();
    for (let round = 0; round < ROUNDS; round++) {
      // A new order each round: whatever a request leaves behind (a job, a GC) lands on any kind.
      const order = Object.entries(kinds);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const [kind, run] of order) samples[kind].push(await run());
    }
    console.log(`account timing, ${ROUNDS} rounds, load average before/after in the last line`);
    const medians: Record<string, number> = {};
    for (const [kind, values] of Object.entries(samples)) {
      const sorted = [...values].sort((a, b) => a - b);
      medians[kind] = percentile(sorted, 50);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      console.log(
        `${kind.padEnd(22)} p50 ${medians[kind].toFixed(1)} ms  p95 ${percentile(sorted, 95).toFixed(1)} ms  mean ${mean.toFixed(1)} ms`,
      );
    }
    const ratio = (a: string, b: string) => (medians[a] / medians[b]).toFixed(2);
    console.log(`login  known/unknown median ratio ${ratio('login, known email', 'login, unknown email')}`);
    console.log(`reset  known/unknown median ratio ${ratio('reset, known email', 'reset, unknown email')}`);
    console.log(`load average ${loadAverage()}`);
  } finally {
    await stopAll(api);
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
