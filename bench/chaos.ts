/**
 * npm run chaos — the faults of a fair day against the built app, one after another: a Redis killed
 * (-9) mid-rush and started again empty, the worker killed mid-scheduling-run and started again, an
 * API process killed mid-rush, and PostgreSQL terminating the app's sessions. The app runs as two
 * API processes (WORKERS=off) and one worker, on a Redis, a database and an SMTP server of this
 * script's own. Each fault gets a rush of registrations spread over both APIs (a client that retries
 * on a dropped connection or a 5xx with the same Idempotency-Key, as a browser would), and then the
 * script waits for every confirmation mail to arrive over SMTP.
 *
 * Exits non-zero when a registration or its confirmation was lost, or a mail arrived twice.
 * Environment: CHAOS_REGISTRATIONS (per fault, 120), CHAOS_CONCURRENCY (12), CHAOS_RECOVERY_S (150).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openSync } from 'node:fs';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { eventBody, registrationBody } from '../libs/testing/src/events';
import { OwnRedis } from '../libs/testing/src/own-redis';
import { START_SEMI_SPACE, apiClient, freshDatabase, loadAverage, waitUntilUp } from './support';

const REGISTRATIONS = Number(process.env.CHAOS_REGISTRATIONS ?? 120);
const CONCURRENCY = Number(process.env.CHAOS_CONCURRENCY ?? 12);
const RECOVERY_MS = Number(process.env.CHAOS_RECOVERY_S ?? 150) * 1000;
const REDIS_PORT = 6394;
const API_PORTS = [3124, 3125];
const SMTP_PORT = 3126;
const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/hirefair_hardening_chaos';
const ADMIN = { email: 'chaos-admin@hirefair.test', password: 'chaos-admin-password' };
const CONFIRMATIONS = ['registration.registered', 'registration.waitlisted'];
const LOG = '/tmp/hirefair-chaos.log';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const redis = new OwnRedis(REDIS_PORT);
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  DATABASE_URL,
  REDIS_URL: redis.url,
  QUEUE_PREFIX: 'hf-hardening-chaos',
  SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
  DEMO_DATA: 'false',
  PUBLIC_RATE_LIMIT: '100000000',
  RECONCILE_EVERY_MS: '10000',
  PLATFORM_ADMIN_EMAIL: ADMIN.email,
  PLATFORM_ADMIN_PASSWORD: ADMIN.password,
  LOG_LEVEL: 'warn',
  // As the start scripts run the app (package.json).
  MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '1',
};
const logFd = openSync(LOG, 'a');

function startBuilt(main: 'api' | 'worker', extra: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [START_SEMI_SPACE, `dist/apps/${main}/src/main.js`], {
    env: { ...env, ...extra },
    stdio: ['ignore', logFd, logFd],
  });
}

async function kill(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

/** Every mail the app sends arrives here; counted per hirefair mail id. */
const received = new Map<string, number>();
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, done) {
    let raw = '';
    stream.on('data', (chunk: Buffer) => (raw += chunk.toString('latin1')));
    stream.on('end', () => {
      const id = /^X-Hirefair-Mail-Id:\s*(\S+)/im.exec(raw)?.[1];
      if (id) received.set(id, (received.get(id) ?? 0) + 1);
      done();
    });
  },
});

interface Apis {
  processes: ChildProcess[];
  worker?: ChildProcess;
}

const apps: Apis = { processes: [] };
const notes: string[] = [];

interface Rush {
  sent: number;
  created: Set<string>;
  serverErrors: number;
  refused: Record<string, number>;
}

/** One candidate: retried on a dropped connection or a 5xx, on the other API, with the same key. */
async function registerOne(slug: string, index: number, rush: Rush): Promise<void> {
  const key = randomUUID();
  const body = JSON.stringify(registrationBody());
  for (let attempt = 0; attempt < 12; attempt++) {
    const port = API_PORTS[(index + attempt) % API_PORTS.length];
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/public/events/${slug}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body,
        signal: AbortSignal.timeout(20_000),
      });
      if (res.status === 201) {
        rush.created.add(((await res.json()) as { registrationId: string }).registrationId);
        return;
      }
      await res.text();
      if (res.status >= 500) rush.serverErrors++;
      else {
        rush.refused[res.status] = (rush.refused[res.status] ?? 0) + 1;
        if (res.status !== 409 && res.status !== 429) return;
      }
    } catch {
      // connection refused or reset: the process is gone; try the other one
    }
    await sleep(300 + attempt * 200);
  }
}

async function rush(slug: string, fault: () => Promise<void>): Promise<{ rush: Rush; faultAt: number }> {
  const result: Rush = { sent: 0, created: new Set(), serverErrors: 0, refused: {} };
  let faultAt = 0;
  let faultDone: Promise<void> = Promise.resolve();
  let next = 0;
  const lanes = Array.from({ length: CONCURRENCY }, async () => {
    while (next < REGISTRATIONS) {
      const index = next++;
      result.sent++;
      if (index === Math.floor(REGISTRATIONS / 3)) {
        faultAt = Date.now();
        faultDone = fault();
      }
      await registerOne(slug, index, result);
    }
  });
  await Promise.all(lanes);
  await faultDone;
  return { rush: result, faultAt };
}

interface Outcome {
  rows: number;
  delivered: number;
  lost: number;
  doubled: number;
  recoverySeconds: number | null;
}

async function outcome(db: Client, eventId: string, created: Set<string>, faultAt: number): Promise<Outcome> {
  const deadline = Date.now() + RECOVERY_MS;
  for (;;) {
    const { rows } = await db.query<{ id: string; mail_id: string | null }>(
      `SELECT r.id, m.id AS mail_id FROM registrations r
         LEFT JOIN mail_messages m ON m.subject_id = r.id AND m.template = ANY($2)
        WHERE r.event_id = $1`,
      [eventId, CONFIRMATIONS],
    );
    const delivered = rows.filter((r) => r.mail_id && received.has(r.mail_id)).length;
    const ids = new Set(rows.map((r) => r.id));
    const missingRows = [...created].filter((id) => !ids.has(id)).length;
    const done = delivered === rows.length && missingRows === 0;
    if (done || Date.now() > deadline) {
      const mails = await db.query<{ id: string }>(
        `SELECT m.id FROM mail_messages m JOIN registrations r ON r.id = m.subject_id WHERE r.event_id = $1`,
        [eventId],
      );
      const doubled = mails.rows.filter((m) => (received.get(m.id) ?? 0) > 1).length;
      return {
        rows: rows.length,
        delivered,
        lost: missingRows + (rows.length - delivered),
        doubled,
        recoverySeconds: done ? (Date.now() - faultAt) / 1000 : null,
      };
    }
    await sleep(500);
  }
}

/** The whole run is bounded: past this, everything started is stopped and the script fails. */
const BOUND_MS = 30 * 60_000;

async function main(): Promise<void> {
  const started = Date.now();
  const stopEverything = () => {
    for (const child of [...apps.processes, apps.worker]) child?.kill('SIGKILL');
    void redis.stop('SIGKILL');
  };
  const bound = setTimeout(() => {
    console.error(`chaos: still running after ${BOUND_MS / 60_000} min; stopping everything`);
    stopEverything();
    process.exit(3);
  }, BOUND_MS);
  bound.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      stopEverything();
      process.exit(130);
    });
  console.log(
    `chaos: ${REGISTRATIONS} registrations per fault, ${CONCURRENCY} at a time; load ${loadAverage()}`,
  );
  console.log(`  own Redis :${REDIS_PORT}, APIs :${API_PORTS.join(' :')}, SMTP :${SMTP_PORT}, logs ${LOG}`);
  await freshDatabase(DATABASE_URL);
  await new Promise<void>((resolve) => smtp.listen(SMTP_PORT, '127.0.0.1', resolve));
  await redis.start();
  const db = new Client({ connectionString: DATABASE_URL });
  const results: { fault: string; rush: Rush; outcome: Outcome }[] = [];
  try {
    // One after the other: two processes creating the platform admin of a fresh database at once
    // collide on its unique email, and the loser exits (the first start of a scale-out has this too).
    for (const port of API_PORTS) {
      apps.processes.push(startBuilt('api', { PORT: String(port), WORKERS: 'off' }));
      await waitUntilUp(`http://127.0.0.1:${port}/health`, apps.processes.at(-1), 240_000);
    }
    apps.worker = startBuilt('worker');
    await db.connect();

    const api = apiClient(`http://127.0.0.1:${API_PORTS[0]}`);
    const platform = await api.login(ADMIN.email, ADMIN.password);
    await api.call('POST', '/organizations', platform, {
      name: 'Chaos',
      slug: 'chaos',
      admin: { email: 'admin@chaos.test', name: 'Admin', password: 'Tide-Lantern-Orchid-42' },
    });
    const admin = await api.login('admin@chaos.test', 'Tide-Lantern-Orchid-42');
    await api.call('POST', '/users', admin, {
      email: 'recruiter@chaos.test',
      name: 'Recruiter',
      password: 'Quartz-Meadow-Falcon-77',
      roles: ['recruiter'],
    });
    const recruiterToken = await api.login('recruiter@chaos.test', 'Quartz-Meadow-Falcon-77');

    const faults: { name: string; run: (eventId: string) => Promise<void> }[] = [
      {
        name: 'Redis -9, back empty',
        run: async () => {
          await redis.stop('SIGKILL');
          await sleep(1000);
          await redis.start();
        },
      },
      {
        name: 'worker -9 mid scheduling run',
        run: async (eventId) => {
          const run = await api.call('POST', `/events/${eventId}/scheduling-runs`, recruiterToken);
          const status = async () =>
            (await db.query(`SELECT status FROM scheduling_runs WHERE id = $1`, [run.id])).rows[0]?.status;
          let atKill = await status();
          for (let i = 0; i < 40 && atKill === 'queued'; i++) {
            await sleep(50);
            atKill = await status();
          }
          await kill(apps.worker, 'SIGKILL');
          await sleep(1000);
          apps.worker = startBuilt('worker');
          for (let i = 0; i < 240 && !['completed', 'failed'].includes(await status()); i++) await sleep(500);
          notes.push(
            `scheduling run ${atKill} when the worker was killed, ${await status()} after its restart`,
          );
        },
      },
      {
        name: 'API -9 mid rush',
        run: async () => {
          await kill(apps.processes[0], 'SIGKILL');
          await sleep(2000);
          apps.processes[0] = startBuilt('api', { PORT: String(API_PORTS[0]), WORKERS: 'off' });
          await waitUntilUp(`http://127.0.0.1:${API_PORTS[0]}/health`, apps.processes[0], 240_000);
        },
      },
      {
        name: 'pg_terminate_backend',
        run: async () => {
          await db.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid()`,
          );
        },
      },
    ];

    for (const fault of faults) {
      const event = await api.call('POST', '/events', admin, eventBody({ capacity: REGISTRATIONS * 2 }));
      await api.call('POST', `/events/${event.id as string}/publish`, admin);
      console.log(`- ${fault.name}: rush of ${REGISTRATIONS} (load ${loadAverage()})`);
      const { rush: r, faultAt } = await rush(event.slug as string, () => fault.run(event.id as string));
      const o = await outcome(db, event.id as string, r.created, faultAt);
      results.push({ fault: fault.name, rush: r, outcome: o });
    }
  } finally {
    await db.end().catch(() => undefined);
    for (const child of [...apps.processes, apps.worker]) await kill(child, 'SIGTERM');
    await redis.stop('SIGKILL');
    await new Promise<void>((r) => smtp.close(() => r()));
  }

  const header = ['fault', 'sent', '201s', 'rows', 'mails delivered', 'lost', 'doubled', '5xx', 'recover s'];
  const table = results.map(({ fault, rush: r, outcome: o }) => [
    fault,
    String(r.sent),
    String(r.created.size),
    String(o.rows),
    String(o.delivered),
    String(o.lost),
    String(o.doubled),
    String(r.serverErrors),
    o.recoverySeconds === null ? `> ${RECOVERY_MS / 1000}` : o.recoverySeconds.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(['', line(header), line(widths.map((w) => '-'.repeat(w))), ...table.map(line)].join('\n'));
  const refused = results.filter((r) => Object.keys(r.rush.refused).length > 0);
  for (const r of refused) console.log(`  ${r.fault}: 4xx answers ${JSON.stringify(r.rush.refused)}`);
  for (const note of notes) console.log(`  ${note}`);
  console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s in all; load average ${loadAverage()}`);
  const failed = results.some((r) => r.outcome.lost > 0 || r.outcome.doubled > 0);
  if (failed) console.log('FAILED: a registration or a confirmation was lost, or a mail arrived twice.');
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
