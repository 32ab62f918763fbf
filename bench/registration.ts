/**
 * npm run bench:registration — the registration rush, measured two ways in one run:
 * (1) the physical limit: REGISTRATION_SQL.register (the very statement the endpoint runs) over
 *     plain `pg` at the same concurrency; (2) POST /public/events/:slug/registrations under
 *     autocannon, distinct candidates, 64 connections, capacity for half of them. Then the
 *     invariants. Environment: BENCH_DATABASE_URL, BENCH_REQUESTS (default 4000), BENCH_CONNECTIONS (64).
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { REGISTRATION_SQL, RegistrationMailTemplate, registrationParams } from '@hirefair/core';
import { freshDatabase, percentile, waitUntilUp } from './support';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hirefair_bench';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const PORT = Number(process.env.BENCH_PORT ?? 3999);
const CAPACITY = Math.floor(REQUESTS / 2);

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

/** (1) The statement alone, over a pool of CONNECTIONS clients. */
async function sqlLimit(pool: Pool, organizationId: string, eventId: string) {
  const mail = (template: string) => ({
    template,
    subject: 'You are registered: Bench fair',
    text: 'Hello,\n\n'.padEnd(600, 'x'),
    html: '<p>Hello</p>'.padEnd(3000, 'x'),
    links: [{ label: 'My registration', url: 'http://localhost:3000/candidate#token=abc' }],
  });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const b = body(i, 'sql');
        const t0 = performance.now();
        await pool.query(
          REGISTRATION_SQL.register,
          registrationParams({
            id: randomUUID(),
            organizationId,
            eventId,
            email: b.email,
            name: b.name,
            phone: null,
            checkInCode: randomUUID().slice(0, 10).toUpperCase(),
            tokenHash: randomUUID(),
            locale: 'en',
            degree: b.degree,
            yearsOfExperience: b.yearsOfExperience,
            city: b.city,
            specialties: b.specialties,
            profile: {},
            consent: b.consent,
            mailId: randomUUID(),
            mailLocale: 'en',
            registeredMail: mail(RegistrationMailTemplate.Registered),
            waitlistedMail: mail(RegistrationMailTemplate.Waitlisted),
          }),
        );
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rps: REQUESTS / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** The built API (npm run build); BENCH_API=source runs apps/api/src/main.ts through ts-node instead. */
function startApi(): ChildProcess {
  const args =
    process.env.BENCH_API === 'source'
      ? ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts']
      : ['dist/apps/api/src/main.js'];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      TS_NODE_PROJECT: 'tsconfig.json',
      NODE_ENV: 'development',
      DATABASE_URL,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      WORKERS: 'off',
      DEMO_DATA: 'false',
      PUBLIC_RATE_LIMIT: '100000000',
      LOG_LEVEL: 'warn',
      QUEUE_PREFIX: 'hirefair-bench',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

const peakRssMb = (pid: number): number =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function invariants(pool: Pool, eventId: string) {
  const { rows } = await pool.query(
    `SELECT count(*) FILTER (WHERE status = 'registered')::int AS registered,
            count(*) FILTER (WHERE status = 'waitlisted')::int AS waitlisted,
            coalesce(max(seq) FILTER (WHERE status = 'registered') < min(seq) FILTER (WHERE status = 'waitlisted'), true)
              AS in_order,
            (SELECT count(*)::int FROM (SELECT candidate_id FROM registrations WHERE event_id = $1
               GROUP BY candidate_id HAVING count(*) > 1) d) AS duplicates,
            (SELECT count(*)::int FROM registrations r WHERE r.event_id = $1 AND (
               SELECT count(*) FROM mail_messages m JOIN outbox o ON o.job_id = 'mail-' || m.id::text
                WHERE m.subject_id = r.id) <> 1) AS without_one_job
       FROM registrations WHERE event_id = $1`,
    [eventId],
  );
  return rows[0];
}

async function main(): Promise<void> {
  console.log(
    `fresh database ${DATABASE_URL}; ${REQUESTS} registrations, capacity ${CAPACITY}, ${CONNECTIONS} connections`,
  );
  await freshDatabase(DATABASE_URL);
  const pool = new Pool({ connectionString: DATABASE_URL, max: CONNECTIONS });
  const { rows } = await pool.query(
    `INSERT INTO organizations (name, slug) VALUES ('Bench', 'bench') RETURNING id`,
  );
  const organizationId: string = rows[0].id;

  const sqlEvent = await createEvent(pool, organizationId, 'bench-sql');
  const sql = await sqlLimit(pool, organizationId, sqlEvent);
  const sqlInv = await invariants(pool, sqlEvent);

  const api = startApi();
  try {
    await waitUntilUp(`http://127.0.0.1:${PORT}/health`, api);
    const httpEvent = await createEvent(pool, organizationId, 'bench-http');
    // Warm-up on another event, so that JIT and pools are ready as in a running install.
    const warm = await createEvent(pool, organizationId, 'bench-warm');
    void warm;
    let w = 0;
    await autocannon({
      url: `http://127.0.0.1:${PORT}/api/v1/public/events/bench-warm/registrations`,
      connections: 16,
      amount: 500,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(body(w++, 'warm')) }) }],
    });
    let n = 0;
    const result = await autocannon({
      url: `http://127.0.0.1:${PORT}/api/v1/public/events/bench-http/registrations`,
      connections: CONNECTIONS,
      amount: REQUESTS,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(body(n++, 'http')) }) }],
    });
    const rss = peakRssMb(api.pid as number);
    const inv = await invariants(pool, httpEvent);
    const fiveXx = result['5xx'];
    const lines = [
      '',
      `| | requests/s | p50 ms | p99 ms |`,
      `|---|---|---|---|`,
      `| (1) SQL statement over pg, ${CONNECTIONS} clients | ${sql.rps.toFixed(0)} | ${sql.p50.toFixed(1)} | ${sql.p99.toFixed(1)} |`,
      `| (2) HTTP endpoint, autocannon ${CONNECTIONS} connections | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} |`,
      '',
      `ratio (2)/(1): ${(result.requests.average / sql.rps).toFixed(2)}`,
      `API peak RSS: ${rss.toFixed(0)} MB`,
      `invariants (1): registered ${sqlInv.registered}/${CAPACITY}, waitlisted ${sqlInv.waitlisted}, seats by arrival ${sqlInv.in_order}, duplicates ${sqlInv.duplicates}, registrations without exactly one confirmation job ${sqlInv.without_one_job}`,
      `invariants (2): registered ${inv.registered}/${CAPACITY}, waitlisted ${inv.waitlisted}, seats by arrival ${inv.in_order}, duplicates ${inv.duplicates}, 5xx ${fiveXx}, non-2xx ${result.non2xx}, registrations without exactly one confirmation job ${inv.without_one_job}`,
    ];
    console.log(lines.join('\n'));
  } finally {
    api.kill('SIGTERM');
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
