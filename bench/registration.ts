/**
 * npm run bench:registration — the registration rush, in one run on one database server:
 * (0) for the record, the unbatched statement registrations ran before batching (seat counter
 *     taken per registration, both mails rendered in the request), over plain `pg`;
 * (1) what a registration costs the database when nothing serializes it: the rows one registration
 *     writes (candidate, registration, first timeline row, mail, outbox jobs) without the seat counter,
 *     one transaction per registration, no batching, over plain `pg` at the same concurrency;
 * (2) POST /public/events/:slug/registrations under autocannon in the default install (workers in a
 *     thread of the API process): distinct candidates, 64 connections, capacity for half of them,
 *     after a warm-up of 500 on another event that is drained first (its intake and mails done);
 * (3) its p50 / p99; (4) the API's peak RSS; `idle in transaction` sessions sampled during (2);
 * then the invariants, once every confirmation mail is delivered. (0) and (1) run in a database of
 * their own on the same server (BENCH_DATABASE_URL's name + `_sql`), dropped after them, so that
 * (2) starts on a fresh install's database.
 * (2b) for reference, in the same run: the same rush against the API alone (`WORKERS=off`, as when
 *     the workers run apart), on a fresh database after the same warm-up: what the requests cost
 *     when the pipeline (outbox relay, intake, mails) does not share the machine's cores.
 * Environment: BENCH_DATABASE_URL, BENCH_REQUESTS (4000), BENCH_CONNECTIONS (64), BENCH_PORT (3999),
 * BENCH_REDIS_URL, BENCH_WORKERS=off (API without workers for (2); the mails are then not
 * delivered, and there is no (2b)), BENCH_ALONE=off (skips (2b)),
 * BENCH_SQL=off (skips (0) and (1): the HTTP part alone, for quick before/after comparisons).
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { IntakeJob, NotificationJob, QueueName, intakeJobId } from '@hirefair/queue';
import { OUTBOX_CHANNEL, RegistrationMailTemplate, sendMailJobId } from '@hirefair/core';
import {
  freshDatabase,
  loadAverage,
  peakRssMb,
  percentile,
  slowBursts,
  startBuilt,
  stillInIntake,
  stopAll,
  otherThreadCpuByName,
  threadCpuMs,
  processesCpuMs,
  timedRequests,
  waitUntilUp,
} from './support';

/** Registrations on another event before the measured rush (see main). */
const WARM_UP = 500;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hirefair_bench';
/** (0) and (1) run in this database of the same server, dropped after them. */
const SQL_DATABASE_URL = (() => {
  const url = new URL(DATABASE_URL);
  url.pathname = `${url.pathname}_sql`;
  return url.toString();
})();
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const PORT = Number(process.env.BENCH_PORT ?? 3999);
const WORKERS = process.env.BENCH_WORKERS === 'off' ? 'off' : 'thread';
const CAPACITY = Math.floor(REQUESTS / 2);
const SQL = process.env.BENCH_SQL !== 'off';
const ALONE = WORKERS === 'thread' && process.env.BENCH_ALONE !== 'off';
/** The goal for (2)'s p99 at 64 connections (docs/benchmarks.md). */
const TARGET_P99_MS = 100;

async function createEvent(pool: Pool, organizationId: string, slug: string): Promise<string> {
  const hour = 3600_000;
  const now = Date.now();
  const { rows } = await pool.query(
    `INSERT INTO events (organization_id, title, slug, city, timezone, starts_at, ends_at, registration_opens_at,
                         registration_closes_at, capacity, status, published_at)
     VALUES ($1, 'Bench fair', $2, 'Beijing', 'Asia/Shanghai', $3, $4, $5, $6, $7, 'published', now()) RETURNING id`,
    [
      organizationId,
      slug,
      new Date(now + 100 * hour),
      new Date(now + 108 * hour),
      new Date(now - hour),
      new Date(now + 50 * hour),
      CAPACITY,
    ],
  );
  await pool.query(`INSERT INTO event_seats (event_id, capacity) VALUES ($1, $2)`, [rows[0].id, CAPACITY]);
  return rows[0].id;
}

const body = (i: number, tag: string) => ({
  name: `候选人 ${i}`,
  email: `${tag}-${i}@bench.example.com`,
  city: 'Beijing',
  specialties: ['nlp', 'computer_vision'],
  degree: 'master',
  yearsOfExperience: 5,
  consent: { privacyPolicyVersion: '2025-01', shareWithBusinessUnits: true },
});

/**
 * (0) The statement every registration ran before batching, kept here for the record: the seat
 * counter taken per registration, both mail variants rendered by the request and stored.
 */
const UNBATCHED_SQL = `WITH open_event AS MATERIALIZED (
        SELECT 1 FROM events
         WHERE id = $3 AND CASE WHEN $35::uuid IS NULL
           THEN status = 'published' AND now() >= registration_opens_at AND now() < registration_closes_at
           ELSE status IN ('draft', 'published', 'closed') END
      ), candidate AS (
        INSERT INTO candidates (organization_id, email, name, phone) SELECT $2, $4, $5, $6 FROM open_event
        ON CONFLICT (organization_id, email) DO UPDATE SET updated_at = candidates.updated_at
        RETURNING id
      ), seat AS (
        UPDATE event_seats SET registered = registered + 1
         WHERE event_id = $3 AND registered < capacity AND EXISTS (SELECT 1 FROM open_event) RETURNING 1
      ), decision AS MATERIALIZED (
        SELECT (SELECT id FROM candidate) AS candidate_id, EXISTS (SELECT 1 FROM seat) AS seated
      ), registration AS (
        INSERT INTO registrations (id, organization_id, event_id, candidate_id, seq, status, check_in_code,
                                   token_hashes, locale, degree, years_of_experience, city, specialties,
                                   profile, consent)
        SELECT $1, $2, $3, d.candidate_id, nextval('registrations_seq'),
               CASE WHEN d.seated THEN 'registered' ELSE 'waitlisted' END, $7, ARRAY[$8::text], $9, $10,
               $11, $12, $13::text[], $14::jsonb, $15::jsonb
          FROM decision d WHERE d.candidate_id IS NOT NULL
        RETURNING id, organization_id, candidate_id, status, seq, created_at
      ), timeline AS (
        INSERT INTO registration_timeline (registration_id, organization_id, actor_type, actor_id, field,
                                           from_value, to_value, reason)
        SELECT id, organization_id, CASE WHEN $35::uuid IS NULL THEN 'candidate' ELSE 'staff' END,
               coalesce($35::uuid, candidate_id), 'status', NULL, status, $36::text FROM registration
      ), mail AS (
        INSERT INTO mail_messages (id, organization_id, to_address, subject, text_body, html_body, links,
                                   template, locale, subject_id, status)
        SELECT $16, organization_id, $4,
               CASE WHEN status = 'registered' THEN $17 ELSE $21 END,
               CASE WHEN status = 'registered' THEN $18 ELSE $22 END,
               CASE WHEN status = 'registered' THEN $19 ELSE $23 END,
               CASE WHEN status = 'registered' THEN $20::jsonb ELSE $24::jsonb END,
               CASE WHEN status = 'registered' THEN $25 ELSE $26 END,
               $27, id, 'queued'
          FROM registration
        RETURNING id
      ), job AS (
        INSERT INTO outbox (queue, job_name, job_id, payload)
        SELECT $28, $29, $30, jsonb_build_object('mailId', id) FROM mail
        UNION ALL
        SELECT $32, $33, $34, jsonb_build_object('registrationId', id) FROM registration
      )
      SELECT status, seq, created_at, pg_notify($31, '') FROM registration`;

/**
 * (1) The rows one registration writes today, without the seat counter and without NOTIFY: the
 * candidate, the registration, its first timeline row, the mail (as facts) and its two outbox jobs.
 */
const ROWS_SQL = `WITH candidate AS (
    INSERT INTO candidates (organization_id, email, name) VALUES ($2, $4, $5)
    ON CONFLICT (organization_id, email) DO UPDATE SET updated_at = candidates.updated_at RETURNING id
  ), registration AS (
    INSERT INTO registrations (id, organization_id, event_id, candidate_id, status, check_in_code, token_hashes,
                               locale, degree, years_of_experience, city, specialties, profile, consent)
    SELECT $1, $2, $3, c.id, 'registered', $6, ARRAY[$7::text], 'en', 'master', 5, 'Beijing',
           ARRAY['nlp', 'computer_vision'], '{}', $8::jsonb FROM candidate c
    RETURNING id, organization_id, candidate_id, status
  ), timeline AS (
    INSERT INTO registration_timeline (registration_id, organization_id, actor_type, actor_id, field, to_value)
    SELECT id, organization_id, 'candidate', candidate_id, 'status', status FROM registration
  ), mail AS (
    INSERT INTO mail_messages (id, organization_id, to_address, template, locale, subject_id, links, render_context)
    SELECT $9, organization_id, $4, $10, 'en', id, jsonb_build_array(jsonb_build_object('label', '', 'url', $11::text)),
           jsonb_build_object('accessUrl', $11::text) FROM registration RETURNING id
  )
  INSERT INTO outbox (queue, job_name, job_id, payload)
  SELECT $12, $13, $14, jsonb_build_object('mailId', id) FROM mail
  UNION ALL SELECT $15, $16, $17, jsonb_build_object('registrationId', id) FROM registration`;

/** Runs `params(i)` through `sql` REQUESTS times over a pool of CONNECTIONS clients. */
async function overPg(pool: Pool, sql: string, params: (i: number) => unknown[]) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const t0 = performance.now();
        await pool.query(sql, params(i));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: REQUESTS / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

const rowsParams = (organizationId: string, eventId: string) => (i: number) => {
  const b = body(i, 'rows');
  const id = randomUUID();
  const mailId = randomUUID();
  return [
    id,
    organizationId,
    eventId,
    b.email,
    b.name,
    randomUUID().slice(0, 10).toUpperCase(),
    randomUUID(),
    JSON.stringify(b.consent),
    mailId,
    RegistrationMailTemplate.Registered,
    `http://localhost:3000/candidate#token=${randomUUID()}`,
    QueueName.Notifications,
    NotificationJob.SendMail,
    sendMailJobId(mailId),
    QueueName.Intake,
    IntakeJob.Evaluate,
    intakeJobId(id),
  ];
};

const unbatchedParams = (organizationId: string, eventId: string) => (i: number) => {
  const b = body(i, 'unbatched');
  const id = randomUUID();
  const mailId = randomUUID();
  const mail = [
    'You are registered: Bench fair',
    'Hello,\n\n'.padEnd(600, 'x'),
    '<p>Hello</p>'.padEnd(3000, 'x'),
    JSON.stringify([{ label: 'My registration', url: 'http://localhost:3000/candidate#token=abc' }]),
  ];
  return [
    id,
    organizationId,
    eventId,
    b.email,
    b.name,
    null,
    randomUUID().slice(0, 10).toUpperCase(),
    randomUUID(),
    'en',
    b.degree,
    b.yearsOfExperience,
    b.city,
    b.specialties,
    '{}',
    JSON.stringify(b.consent),
    mailId,
    ...mail,
    ...mail,
    RegistrationMailTemplate.Registered,
    RegistrationMailTemplate.Waitlisted,
    'en',
    QueueName.Notifications,
    NotificationJob.SendMail,
    sendMailJobId(mailId),
    OUTBOX_CHANNEL,
    QueueName.Intake,
    IntakeJob.Evaluate,
    intakeJobId(id),
    null,
    null,
  ];
};

function startApi(workers: 'thread' | 'off'): ChildProcess {
  return startBuilt('api', {
    DATABASE_URL,
    REDIS_URL,
    PORT: String(PORT),
    WORKERS: workers === 'off' ? 'false' : 'true',
    PUBLIC_RATE_LIMIT: '100000000',
    QUEUE_PREFIX: `hirefair-bench-registration-${Date.now()}`,
  });
}

/**
 * Samples the API's database sessions every 50 ms: how many sit `idle in transaction`, whose they
 * are (`hirefair-api`: requests; `hirefair-worker`: the workers' thread), after which statement,
 * and for how long each had been idle when seen (`now() - state_change`).
 */
function sampleSessions(pool: Pool, database: string) {
  const samples: number[] = [];
  const idleMs: number[] = [];
  const byApp = new Map<string, number>();
  /** The last statement of each session seen idle in a transaction: where the transaction waits. */
  const lastQueries = new Map<string, number>();
  let running = true;
  const done = (async () => {
    while (running) {
      const { rows } = await pool.query<{ query: string; app: string; ms: number }>(
        `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS query, application_name AS app,
                extract(epoch FROM clock_timestamp() - state_change) * 1000 AS ms
           FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND state = 'idle in transaction'`,
        [database],
      );
      samples.push(rows.length);
      for (const { query, app, ms } of rows) {
        lastQueries.set(query, (lastQueries.get(query) ?? 0) + 1);
        byApp.set(app, (byApp.get(app) ?? 0) + 1);
        idleMs.push(Number(ms));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return async () => {
    running = false;
    await done;
    idleMs.sort((a, b) => a - b);
    return {
      samples: samples.length,
      mean: samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length),
      max: Math.max(0, ...samples),
      byApp: [...byApp]
        .map(([app, n]) => `${app} ${(n / Math.max(1, samples.length)).toFixed(2)}`)
        .join(', '),
      idleMs: idleMs.length
        ? `p50 ${percentile(idleMs, 50).toFixed(1)} / p99 ${percentile(idleMs, 99).toFixed(1)} / max ${idleMs[idleMs.length - 1].toFixed(1)} ms`
        : 'none seen',
      top: [...lastQueries].sort((a, b) => b[1] - a[1]).slice(0, 4),
    };
  };
}

async function invariants(pool: Pool, eventId: string) {
  const { rows } = await pool.query(
    `SELECT count(*) FILTER (WHERE status = 'registered')::int AS registered,
            count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted,
            coalesce(max(seq) FILTER (WHERE status = 'registered') < min(seq) FILTER (WHERE status = 'waitlisted'), true)
              AS in_order,
            (SELECT count(*)::int FROM (SELECT candidate_id FROM registrations WHERE event_id = $1
               GROUP BY candidate_id HAVING count(*) > 1) d) AS duplicates,
            (SELECT count(*)::int FROM registrations r
               LEFT JOIN (SELECT m.subject_id, count(*) AS n FROM mail_messages m
                            JOIN outbox o ON o.job_id = coalesce(m.batch_job_id, 'mail-' || m.id::text)
                             AND (o.payload->>'mailId' = m.id::text OR o.payload->'mailIds' ? m.id::text)
                           WHERE m.template = ANY($2) GROUP BY m.subject_id) x ON x.subject_id = r.id
              WHERE r.event_id = $1 AND coalesce(x.n, 0) <> 1) AS without_one_mail,
            (SELECT count(*)::int FROM mail_messages m JOIN registrations r ON r.id = m.subject_id
              WHERE r.event_id = $1 AND m.template = ANY($2) AND m.status = 'sent') AS mails_sent,
            (SELECT count(*)::int FROM mail_messages m JOIN registrations r ON r.id = m.subject_id
              WHERE r.event_id = $1 AND m.template = ANY($2) AND m.attempts > 1) AS mails_sent_twice
       FROM registrations WHERE event_id = $1`,
    [eventId, [RegistrationMailTemplate.Registered, RegistrationMailTemplate.Waitlisted]],
  );
  return rows[0];
}

/**
 * Waits until the warm-up's registrations are out of the intake and their confirmations sent
 * (without workers nothing runs after the requests: it returns at once). Yields the seconds it took.
 */
async function drainWarmUp(pool: Pool, eventId: string, expected: number): Promise<number> {
  const started = Date.now();
  if (WORKERS === 'off') return 0;
  for (;;) {
    const owed = await stillInIntake(pool, eventId);
    const sent = owed === 0 ? (await invariants(pool, eventId)).mails_sent : 0;
    if (owed === 0 && sent >= expected) break;
    if (Date.now() - started > 180_000)
      throw new Error(`warm-up did not drain: ${owed} in intake, ${sent}/${expected} mails sent`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return (Date.now() - started) / 1000;
}

async function createOrganization(pool: Pool): Promise<string> {
  const { rows } = await pool.query(
    `INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id`,
  );
  return rows[0].id;
}

/**
 * (0) and (1), in a database of their own on the same server (SQL_DATABASE_URL), dropped after:
 * the 8,000 registrations they write, with their mails and outbox rows, are not (2)'s to work off,
 * and deleting them would leave as many dead rows for (2) to scan on a server without autovacuum.
 */
async function overPgRuns() {
  await freshDatabase(SQL_DATABASE_URL);
  const pool = new Pool({ connectionString: SQL_DATABASE_URL, max: CONNECTIONS + 2 });
  try {
    const organizationId = await createOrganization(pool);
    const unbatchedEvent = await createEvent(pool, organizationId, 'bench-unbatched');
    const unbatched = await overPg(pool, UNBATCHED_SQL, unbatchedParams(organizationId, unbatchedEvent));
    const rowsEvent = await createEvent(pool, organizationId, 'bench-rows');
    const rowsOnly = await overPg(pool, ROWS_SQL, rowsParams(organizationId, rowsEvent));
    return { unbatched, rowsOnly };
  } finally {
    await pool.end();
    await freshDatabase(SQL_DATABASE_URL, { migrate: false });
  }
}

async function main(): Promise<void> {
  console.log(
    `(0) and (1) in ${SQL ? SQL_DATABASE_URL : '(skipped)'}, (2) in a fresh ${DATABASE_URL}; ${REQUESTS} registrations, capacity ${CAPACITY}, ${CONNECTIONS} connections, workers ${WORKERS}; load average ${loadAverage()}`,
  );
  const skipped = { rps: NaN, p50: NaN, p99: NaN };
  const { unbatched, rowsOnly } = SQL ? await overPgRuns() : { unbatched: skipped, rowsOnly: skipped };
  const loadAfterSql = loadAverage();

  await freshDatabase(DATABASE_URL);
  const pool = new Pool({ connectionString: DATABASE_URL, max: CONNECTIONS + 2 });
  const organizationId = await createOrganization(pool);

  const api = startApi(WORKERS);
  let lines: string[];
  let http: number;
  try {
    await waitUntilUp(`http://127.0.0.1:${PORT}/health`, api);
    const httpEvent = await createEvent(pool, organizationId, 'bench-http');
    const warmEvent = await warmUp(pool, organizationId);
    const warmDrain = await drainWarmUp(pool, warmEvent, WARM_UP);
    const database = new URL(DATABASE_URL).pathname.slice(1);
    const stopSampling = sampleSessions(pool, database);
    const checkpoints = async (): Promise<number> =>
      Number(
        (await pool.query(`SELECT checkpoints_timed + checkpoints_req AS n FROM pg_stat_bgwriter`)).rows[0].n,
      );
    const checkpointsBefore = await checkpoints();
    const rush = await measuredRush(api);
    const { result, timed, cpu } = rush;
    http = rush.http;
    const checkpointsDuring = (await checkpoints()) - checkpointsBefore;
    const idle = await stopSampling();
    const loadAfterHttp = loadAverage();
    const rssDuringRush = peakRssMb(api.pid as number);
    const { rows: batches } = await pool.query(
      `SELECT count(DISTINCT r.created_at)::int AS statements FROM registrations r JOIN events e ON e.id = r.event_id
        WHERE e.slug = 'bench-http'`,
    );
    let inv = await invariants(pool, httpEvent);
    const drainStarted = Date.now();
    while (WORKERS !== 'off' && inv.mails_sent < REQUESTS && Date.now() - drainStarted < 300_000) {
      await new Promise((r) => setTimeout(r, 1000));
      inv = await invariants(pool, httpEvent);
    }
    const drainSeconds = (Date.now() - drainStarted) / 1000;
    const rss = peakRssMb(api.pid as number);
    lines = [
      '',
      `| | registrations/s | p50 ms | p99 ms |`,
      `|---|---|---|---|`,
      `| (0) for the record: the unbatched statement with the seat counter, over pg, ${CONNECTIONS} clients | ${unbatched.rps.toFixed(0)} | ${unbatched.p50.toFixed(1)} | ${unbatched.p99.toFixed(1)} |`,
      `| (1) the rows of one registration, no counter, one transaction each, over pg, ${CONNECTIONS} clients | ${rowsOnly.rps.toFixed(0)} | ${rowsOnly.p50.toFixed(1)} | ${rowsOnly.p99.toFixed(1)} |`,
      `| (2) HTTP endpoint, batched, autocannon ${CONNECTIONS} connections, workers ${WORKERS} | ${http.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} |`,
      '',
      `ratio (2)/(1): ${(http / rowsOnly.rps).toFixed(2)} (goal >= 0.5); p99 ${result.latency.p99} ms (goal < ${TARGET_P99_MS})`,
      slowBursts(timed.latencies(), TARGET_P99_MS),
      `(2) took ${timed.seconds().toFixed(2)} s from the first request to the last response; autocannon's own duration, rounded up to its next whole-second tick: ${result.duration} s (${(result.requests.total / result.duration).toFixed(0)}/s)`,
      `before (2): ${WARM_UP} warm-up registrations on another event, drained (intake done, confirmations sent) in ${warmDrain.toFixed(1)} s`,
      `statements (distinct commit times) for the ${REQUESTS} HTTP registrations: ${batches[0].statements} (mean batch ${(REQUESTS / batches[0].statements).toFixed(1)})`,
      `API CPU per registration during (2): ${cpu.api}`,
      `other CPU per registration during (2): ${cpu.others}; the machine has ${availableParallelism()} cores; PostgreSQL checkpoints during (2): ${checkpointsDuring}`,
      `API peak RSS: ${rssDuringRush.toFixed(0)} MB after the rush, ${rss.toFixed(0)} MB after the mails (goal < 300)`,
      `idle in transaction during (2): mean ${idle.mean.toFixed(2)}, max ${idle.max} over ${idle.samples} samples (goal 0); mean by application: ${idle.byApp || 'none'}; idle so far when seen: ${idle.idleMs}`,
      ...idle.top.map(([query, n]) => `  idle in transaction after: ${query} (${n} samples)`),
      `mails: ${inv.mails_sent}/${REQUESTS} confirmations delivered ${drainSeconds.toFixed(0)} s after the rush, ${inv.mails_sent_twice} sent more than once`,
      `invariants (2): registered ${inv.registered}/${CAPACITY}, waitlisted ${inv.waitlisted}, seats by arrival ${inv.in_order}, duplicates ${inv.duplicates}, 5xx ${result['5xx']}, non-2xx ${result.non2xx}, registrations without exactly one confirmation mail ${inv.without_one_mail}`,
      `load average: start of (2) ${loadAfterSql}, end of (2) ${loadAfterHttp}, end ${loadAverage()}`,
    ];
  } finally {
    await stopAll(api);
    await pool.end();
  }
  console.log(lines.join('\n'));
  if (ALONE) console.log((await apiAlone(http)).join('\n'));
}

/**
 * A warm-up on another event, so that JIT and pools are ready as in a running install: 500
 * registrations at 16 connections. Yields the event's id.
 */
async function warmUp(pool: Pool, organizationId: string): Promise<string> {
  const warmEvent = await createEvent(pool, organizationId, 'bench-warm');
  let w = 0;
  await autocannon({
    url: `http://127.0.0.1:${PORT}/api/v1/public/events/bench-warm/registrations`,
    connections: 16,
    amount: WARM_UP,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(body(w++, 'warm')) }) }],
  });
  return warmEvent;
}

/**
 * The measured rush on `bench-http`: REQUESTS distinct candidates at CONNECTIONS connections, timed
 * from the first request to the last response, and the CPU each part of the machine spent on it
 * per registration (the API's threads, PostgreSQL's processes, this process: autocannon).
 */
async function measuredRush(api: ChildProcess) {
  const pid = api.pid as number;
  const cpuBefore = threadCpuMs(pid);
  const otherBefore = otherThreadCpuByName(pid);
  const postgresBefore = processesCpuMs('postgres');
  const benchBefore = process.cpuUsage();
  const timed = timedRequests((n) => body(n, 'http'));
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}/api/v1/public/events/bench-http/registrations`,
    connections: CONNECTIONS,
    amount: REQUESTS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: timed.requests,
  });
  const cpuAfter = threadCpuMs(pid);
  const postgresCpu = (processesCpuMs('postgres') - postgresBefore) / REQUESTS;
  const benchCpu = process.cpuUsage(benchBefore);
  const otherByName = [...otherThreadCpuByName(pid)]
    .map(([name, ms]) => [name, (ms - (otherBefore.get(name) ?? 0)) / REQUESTS] as const)
    .filter(([, ms]) => ms >= 0.01)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
    .join(', ');
  const perRequest = (thread: keyof typeof cpuAfter) =>
    ((cpuAfter[thread] - cpuBefore[thread]) / REQUESTS).toFixed(2);
  return {
    result,
    timed,
    // From the first request to the last response (see timedRequests: autocannon's own duration
    // is rounded up to whole seconds).
    http: result.requests.total / timed.seconds(),
    cpu: {
      api: `main thread ${perRequest('main')} ms, workers' thread ${perRequest('hirefair-worker')} ms, other threads (GC, libuv) ${perRequest('other')} ms (${otherByName})`,
      others: `PostgreSQL (all its processes) ${postgresCpu.toFixed(2)} ms, this benchmark's process (autocannon) ${((benchCpu.user + benchCpu.system) / 1000 / REQUESTS).toFixed(2)} ms`,
    },
  };
}

/**
 * (2b), for reference: the same rush against the API alone (WORKERS=off, as when the workers run
 * apart; here they do not run at all), on a fresh database after the same warm-up. Nothing drains
 * after it: without workers the mails stay queued in the outbox.
 */
async function apiAlone(withWorkers: number): Promise<string[]> {
  await freshDatabase(DATABASE_URL);
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
  const organizationId = await createOrganization(pool);
  const api = startApi('off');
  try {
    await waitUntilUp(`http://127.0.0.1:${PORT}/health`, api);
    const httpEvent = await createEvent(pool, organizationId, 'bench-http');
    await warmUp(pool, organizationId);
    const loadBefore = loadAverage();
    const { result, timed, http, cpu } = await measuredRush(api);
    const inv = await invariants(pool, httpEvent);
    return [
      '',
      `| | registrations/s | p50 ms | p99 ms |`,
      `|---|---|---|---|`,
      `| (2b) for reference: the same rush against the API alone (WORKERS=off, as with the workers apart) | ${http.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} |`,
      `(2)/(2b): ${(withWorkers / http).toFixed(2)}: the share of (2b)'s rate the default install keeps while its workers' thread runs the pipeline on the same cores`,
      slowBursts(timed.latencies(), TARGET_P99_MS).replace('requests over', '(2b): requests over'),
      `API CPU per registration during (2b): ${cpu.api}`,
      `other CPU per registration during (2b): ${cpu.others}`,
      `invariants (2b): registered ${inv.registered}/${CAPACITY}, waitlisted ${inv.waitlisted}, seats by arrival ${inv.in_order}, duplicates ${inv.duplicates}, 5xx ${result['5xx']}, non-2xx ${result.non2xx}, registrations without exactly one confirmation mail ${inv.without_one_mail}`,
      `load average: start of (2b) ${loadBefore}, end ${loadAverage()}`,
    ];
  } finally {
    await stopAll(api);
    await pool.end();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
