/**
 * What every benchmark needs around the code it measures: a fresh database, the built app in a
 * child process on a free port, a small HTTP client for the API, percentiles and the load average.
 */
import type autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Client, Pool } from 'pg';
import { prepareDatabase } from '@hirefair/database';

export type Json = Record<string, unknown>;

/** The value below which p percent of the sorted values lie (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

/** Peak resident memory (VmHWM) of a process, in MB. */
export const peakRssMb = (pid: number): number =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/**
 * CPU time (user + system, ms) each thread of a process has used so far, by thread name (Linux
 * /proc): `main` for the process's main thread, `hirefair-worker` for the workers' thread (it names
 * itself), `other` for the rest (V8's GC helpers, libuv's pool).
 */
export function threadCpuMs(pid: number): Record<'main' | 'hirefair-worker' | 'other', number> {
  const ticksPerMs = 100 / 1000; // USER_HZ
  const cpu = { main: 0, 'hirefair-worker': 0, other: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const kind = tid === String(pid) ? 'main' : name === 'hirefair-worker' ? name : 'other';
      cpu[kind] += ms;
    } catch {
      // the thread ended meanwhile
    }
  }
  return cpu;
}

/** CPU time (ms) of a process's threads other than main and the workers' thread, by thread name. */
export function otherThreadCpuByName(pid: number): Map<string, number> {
  const ticksPerMs = 100 / 1000; // USER_HZ
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      if (tid === String(pid) || name === 'hirefair-worker') continue;
      byName.set(name, (byName.get(name) ?? 0) + ms);
    } catch {
      // the thread ended meanwhile
    }
  }
  return byName;
}

/**
 * CPU time (user + system, ms) used so far by every process named `name` on this host (Linux /proc),
 * e.g. `postgres` for the database server's backends and helpers: whatever the server did, for
 * every database, so a benchmark reads it when nothing else runs.
 */
export function processesCpuMs(name: string): number {
  const ticksPerMs = 100 / 1000; // USER_HZ
  let ms = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== name) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime and the reaped children's cutime, cstime: the server's main process reaps the
      // backends that end, so the CPU of one that ends between two readings is still counted.
      ms += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticksPerMs;
    } catch {
      // the process ended meanwhile
    }
  }
  return ms;
}

/** Drops the database of `url` and creates it again, migrated (unless `migrate` is false). */
export async function freshDatabase(url: string, { migrate = true } = {}): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  if (migrate) await prepareDatabase(url);
}

/** A port nobody listens on (another benchmark's server answering /health would fool the start). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A built entry point (`npm run build`), `api` or `worker`, with a benchmark's environment over
 * quiet defaults (no demo data, no SMTP, warnings only). BENCH_NODE_ARGS, e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles it.
 */
/** The young-generation flag of the start scripts (`npm start`, `start:api`, `start:worker`). */
export const START_SEMI_SPACE = '--max-semi-space-size=8';

export function startBuilt(main: 'api' | 'worker', env: NodeJS.ProcessEnv): ChildProcess {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // As the start scripts run it (package.json), unless BENCH_NODE_ARGS sets its own.
  if (!nodeArgs.some((arg) => arg.startsWith('--max-semi-space-size'))) nodeArgs.unshift(START_SEMI_SPACE);
  return spawn(process.execPath, [...nodeArgs, `dist/apps/${main}/src/main.js`], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      SMTP_URL: '',
      // As `npm start` sets it (package.json): the benches measure the default install.
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '1',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** Waits until `url` answers 2xx, failing early if the process serving it exits. */
export async function waitUntilUp(url: string, child?: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Stops child processes and waits for them to exit. */
export async function stopAll(...children: (ChildProcess | null | undefined)[]): Promise<void> {
  for (const child of children) {
    if (!child) continue;
    if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

/** JSON calls to `${base}/api/v1`; a non-2xx answer throws with its body. */
export function apiClient(base: string) {
  const call = async (
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Json> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': contentType }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? (JSON.parse(text) as Json) : {};
  };
  const login = async (email: string, password: string): Promise<string> =>
    (await call('POST', '/auth/login', null, { email, password })).accessToken as string;
  return { call, login };
}

/**
 * autocannon's `requests` for a run of `amount` requests, timed by the run itself: from the first
 * request built to the last response. autocannon reports a run of `amount` only at its next
 * one-second tick, so its `duration` (and any rate over it) is rounded up to whole seconds: a rush
 * done in 4.3 s read as 5.02 s, 797/s instead of 930/s. Each request's own latency is kept too
 * (built → answered; autocannon gives each request its own context, and without pipelining a
 * connection has one request out at a time), for `slowBursts`.
 */
export function timedRequests(bodyOf: (n: number) => unknown): {
  requests: autocannon.Request[];
  seconds: () => number;
  latencies: () => { at: number; ms: number }[];
} {
  let n = 0;
  let first = 0;
  let last = 0;
  const latencies: { at: number; ms: number }[] = [];
  const started = new WeakMap<object, number>();
  return {
    requests: [
      {
        setupRequest: (req, context) => {
          const now = performance.now();
          first ||= now;
          started.set(context, now);
          return { ...req, body: JSON.stringify(bodyOf(n++)) };
        },
        onResponse: (_status, _body, context) => {
          last = performance.now();
          const at = started.get(context) ?? last;
          latencies.push({ at: (at - first) / 1000, ms: last - at });
        },
      },
    ],
    seconds: () => (last - first) / 1000,
    latencies: () => latencies,
  };
}

/**
 * Where the requests slower than `overMs` fell in the run, by quarter-second (of being sent): how
 * many there were, in how many of the quarter-seconds in which requests were sent, and the three
 * quarter-seconds that held the most. At 64 connections
 * a stall of the API holds a whole round of 64 requests: this tells a few stalls (the first round,
 * a long pause) from a machine slow all through the run.
 */
export function slowBursts(latencies: { at: number; ms: number }[], overMs: number): string {
  const quarters = new Map<number, number>();
  let slow = 0;
  for (const { at, ms } of latencies) {
    const quarter = Math.floor(at * 4);
    quarters.set(quarter, (quarters.get(quarter) ?? 0) + (ms > overMs ? 1 : 0));
    if (ms > overMs) slow++;
  }
  const withSlow = [...quarters].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  const worst = withSlow
    .slice(0, 3)
    .map(([quarter, n]) => `${n} sent at ${(quarter / 4).toFixed(2)} s`)
    .join(', ');
  return `requests over ${overMs} ms: ${slow} of ${latencies.length}, sent in ${withSlow.length} of the ${quarters.size} quarter-seconds with requests sent${worst ? ` (the most: ${worst})` : ''}`;
}

/** How many of an event's registrations the intake still owes (not withdrawn, no lane yet, or registered and still in intake). */
export const stillInIntake = async (pool: Pool, eventId: string): Promise<number> =>
  (
    await pool.query(
      `SELECT count(*)::int AS n FROM registrations
        WHERE event_id = $1 AND status <> 'withdrawn' AND (lane IS NULL OR (status = 'registered' AND stage = 'intake'))`,
      [eventId],
    )
  ).rows[0].n;
