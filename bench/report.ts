/**
 * npm run bench:report — the event report on a fair of 50,000 registrations.
 *
 * A fresh database; the API (from source through ts-node, WORKERS=off so nothing moves the seeded
 * rows) in its own process; organization, five units with an interviewer each, a recruiter and a
 * published event set up through the HTTP API. Then BENCH_REGISTRATIONS (50,000) registrations are
 * seeded with a few set-based statements (generate_series; deterministic hashes spread them over
 * statuses, lanes, ten cities, five specialties, the written test, review outcomes, interviews,
 * check-ins and SLA breaches), with their candidates, timeline rows (status, lane and every stage
 * change) and interviews. Finally GET /events/:id/report (JSON), the same with Accept: text/csv, and
 * each report.svg chart are requested BENCH_ROUNDS times in turn over HTTP, one at a time, and
 * p50/p95/max latency is printed per kind, with EXPLAIN ANALYZE of the report statement and a check
 * that the report adds up (exit 1 otherwise). The target is < 300 ms for the JSON report.
 *
 * Environment: BENCH_DATABASE_URL (…/hirefair_bench_report, dropped and recreated), BENCH_REDIS_URL,
 * BENCH_REGISTRATIONS (50000), BENCH_ROUNDS (30), BENCH_PORT (a free port). The database is left in place.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { REPORT_SETTINGS_SQL, REPORT_STATEMENTS } from '@hirefair/core/reports/report-sql';

import { apiClient, freePort, freshDatabase, loadAverage, percentile, stopAll, waitUntilUp } from './support';

const STATEMENTS = Object.entries(REPORT_STATEMENTS);

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hirefair_bench_report';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
let PORT = Number(process.env.BENCH_PORT ?? 0);
let BASE = '';
const PLATFORM_ADMIN = { email: 'bench-platform@hirefair.local', password: 'bench-platform-password' };
const PASSWORD = 'bench-password-123';
const SPECIALTIES = ['computer_vision', 'deep_learning', 'autonomous_driving', 'nlp', 'robotics'];
const TARGET_MS = 300;

const load = loadAverage;

/** The API from source (ts-node), HTTP only. */
function startApi(): ChildProcess {
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
        PORT: String(PORT),
        HOST: '127.0.0.1',
        WORKERS: 'off',
        DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
        QUEUE_PREFIX: `hirefair-bench-report-${Date.now()}`,
        PLATFORM_ADMIN_EMAIL: PLATFORM_ADMIN.email,
        PLATFORM_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
        SMTP_URL: '',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
}

// BASE is known once main() has a port.
const call: ReturnType<typeof apiClient>['call'] = (...args) => apiClient(BASE).call(...args);
const login: ReturnType<typeof apiClient>['login'] = (...args) => apiClient(BASE).login(...args);

interface Setup {
  organizationId: string;
  recruiter: string;
  eventId: string;
  units: string[];
  interviewers: string[];
}

async function setUp(): Promise<Setup> {
  const platform = await login(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  const adminEmail = 'admin@bench-report.example.com';
  const org = await call('POST', '/organizations', platform, {
    name: 'Bench report',
    slug: 'bench-report',
    admin: { email: adminEmail, name: 'Bench admin', password: PASSWORD },
  });
  const admin = await login(adminEmail, PASSWORD);
  const units: string[] = [];
  const interviewers: string[] = [];
  for (const specialty of SPECIALTIES) {
    const unit = await call('POST', '/business-units', admin, {
      name: `Unit ${specialty}`,
      code: specialty.toUpperCase().replace(/_/g, '').slice(0, 12),
      specialties: [specialty],
      reviewSlaHours: 48,
      dailyInterviewCapacity: 8,
      maxOpenReviews: null,
      scorecard: [{ criterion: 'research', description: 'Research depth' }],
    });
    units.push(unit.id as string);
    const interviewer = await call('POST', '/users', admin, {
      email: `interviewer-${specialty}@bench-report.example.com`,
      name: `Interviewer ${specialty}`,
      password: PASSWORD,
      roles: ['interviewer'],
      businessUnitIds: [unit.id],
      specialties: [specialty],
    });
    interviewers.push(interviewer.id as string);
  }
  const recruiterEmail = 'recruiter@bench-report.example.com';
  await call('POST', '/users', admin, {
    email: recruiterEmail,
    name: 'Bench recruiter',
    password: PASSWORD,
    roles: ['recruiter'],
    businessUnitIds: [],
  });
  const recruiter = await login(recruiterEmail, PASSWORD);
  const hour = 3600_000;
  const now = Date.now();
  const event = await call('POST', '/events', recruiter, {
    title: 'Bench AI experts fair',
    slug: 'bench-report-fair',
    city: 'Beijing',
    venue: 'Hall 1',
    online: false,
    timezone: 'Asia/Shanghai',
    startsAt: new Date(now + 240 * hour).toISOString(),
    endsAt: new Date(now + 248 * hour).toISOString(),
    registrationOpensAt: new Date(now - hour).toISOString(),
    registrationClosesAt: new Date(now + 200 * hour).toISOString(),
    capacity: REGISTRATIONS,
    specialties: SPECIALTIES,
    businessUnitIds: units,
    writtenTestPassScore: 60,
    interviewMinutes: 45,
    bufferMinutes: 0,
  });
  await call('POST', `/events/${event.id}/publish`, recruiter);
  return { organizationId: org.id as string, recruiter, eventId: event.id as string, units, interviewers };
}

/**
 * The seeded fair, set-based. Every registration gets deterministic pseudo-random draws h1…h7 in
 * 0..999 and from them its status (85 % registered, 10 % waitlisted, 5 % withdrawn), lane (2 %
 * not yet evaluated, 35 % fast track), specialties, city, salary, and its path through the stages.
 */
async function seed(client: Client, s: Setup): Promise<void> {
  await client.query(
    `CREATE TEMP TABLE seed AS
     WITH draws AS (
       SELECT i, gen_random_uuid() AS id, gen_random_uuid() AS candidate_id,
              abs(hashint4(i)) % 1000 AS h1, abs(hashint4(i + 1000003)) % 1000 AS h2,
              abs(hashint4(i + 2000003)) % 1000 AS h3, abs(hashint4(i + 3000017)) % 1000 AS h4,
              abs(hashint4(i + 4000037)) % 1000 AS h5, abs(hashint4(i + 5000011)) % 1000 AS h6,
              abs(hashint4(i + 6000023)) % 1000 AS h7
         FROM generate_series(1, $1::int) AS i
     ), shaped AS (
       SELECT d.*,
              CASE WHEN h1 < 850 THEN 'registered' WHEN h1 < 950 THEN 'waitlisted' ELSE 'withdrawn' END AS status,
              CASE WHEN h2 < 20 THEN NULL WHEN h2 < 370 THEN 'fast_track' ELSE 'standard' END AS lane,
              h3 % 5 AS spec,
              CASE WHEN h4 < 300 THEN 'Beijing' WHEN h4 < 480 THEN 'Shanghai' WHEN h4 < 630 THEN 'Shenzhen'
                   WHEN h4 < 730 THEN 'Hangzhou' WHEN h4 < 800 THEN 'Guangzhou' WHEN h4 < 850 THEN 'Wuhan'
                   WHEN h4 < 900 THEN 'Chengdu' WHEN h4 < 940 THEN 'Nanjing' WHEN h4 < 970 THEN '西安'
                   ELSE 'Suzhou' END AS city,
              now() - ((i % 720) || ' hours')::interval - ((h7 % 60) || ' minutes')::interval AS created_at
         FROM draws d
     )
     SELECT sh.*,
            CASE WHEN sh.status = 'waitlisted' OR sh.lane IS NULL THEN ARRAY[]::text[]
                 ELSE (CASE WHEN sh.lane = 'fast_track' THEN ARRAY[]::text[]
                            WHEN h5 < 200 THEN ARRAY['test_required']
                            WHEN h5 < 350 THEN ARRAY['test_required', 'test_failed']
                            ELSE ARRAY['test_required', 'test_passed'] END)
                   || (CASE WHEN sh.lane = 'standard' AND h5 < 350 THEN ARRAY[]::text[]
                            WHEN h6 < 200 THEN ARRAY['routed']
                            WHEN h6 < 250 THEN ARRAY['routed', 'on_hold']
                            WHEN h6 < 450 THEN ARRAY['routed', 'rejected']
                            WHEN h6 < 550 THEN ARRAY['routed', 'advanced']
                            WHEN h6 < 700 THEN ARRAY['routed', 'advanced', 'interview_scheduled']
                            WHEN h6 < 800 THEN ARRAY['routed', 'advanced', 'interview_scheduled', 'interviewed']
                            WHEN h6 < 900 THEN ARRAY['routed', 'advanced', 'interview_scheduled', 'interviewed', 'offer']
                            ELSE ARRAY['routed', 'advanced', 'interview_scheduled', 'interviewed', 'rejected'] END)
            END AS path,
            -- hours between two stage changes: a fast-tracked candidate moves in hours, a standard one in days
            CASE WHEN sh.lane = 'fast_track' THEN 2 + h7 % 22 ELSE 24 + h7 % 96 END AS gap_hours
       FROM shaped sh`,
    [REGISTRATIONS],
  );
  await client.query(`ALTER TABLE seed ADD COLUMN stage text, ADD COLUMN routed_step int`);
  await client.query(
    `UPDATE seed SET stage = coalesce(path[cardinality(path)], 'intake'),
                     routed_step = array_position(path, 'routed')`,
  );
  const args = [s.organizationId, s.eventId, s.units, s.interviewers];
  await client.query(
    `INSERT INTO candidates (id, organization_id, email, name, created_at)
     SELECT candidate_id, $1, 'bench-' || i || '@bench-report.example.com', '候选人 ' || i, created_at FROM seed`,
    [s.organizationId],
  );
  await client.query(
    `INSERT INTO registrations (id, organization_id, event_id, candidate_id, status, lane, stage,
                                business_unit_id, waiver, routed_at, sla_due_at, sla_breached_at, checked_in_at,
                                check_in_code, locale, degree, years_of_experience, city, specialties, profile,
                                consent, created_at, updated_at, withdrawn_at)
     SELECT id, $1, $2, candidate_id, status, lane, stage,
            CASE WHEN routed_step IS NOT NULL THEN ($3::uuid[])[spec + 1] END,
            CASE WHEN lane IS NOT NULL THEN jsonb_build_object('granted', lane = 'fast_track', 'rule',
                 CASE WHEN lane = 'fast_track' THEN 'phd-top-venue' END, 'policyVersion', 1) END,
            created_at + routed_step * gap_hours * interval '1 hour',
            created_at + (routed_step * gap_hours + 48) * interval '1 hour',
            CASE WHEN routed_step IS NOT NULL AND h7 < 80 THEN created_at + (routed_step * gap_hours + 48) * interval '1 hour' END,
            CASE WHEN status = 'registered' AND h3 % 10 < 4 THEN now() - (h6 % 8) * interval '1 hour' END,
            'B' || i, CASE WHEN h2 % 3 = 0 THEN 'en' ELSE 'zh' END,
            (ARRAY['bachelor', 'master', 'phd', 'other'])[1 + h5 % 4], h6 % 15, city,
            CASE WHEN h3 >= 700 THEN ARRAY[${sqlSpecialties()}[spec + 1], ${sqlSpecialties()}[(spec + 1) % 5 + 1]]
                 ELSE ARRAY[${sqlSpecialties()}[spec + 1]] END,
            CASE WHEN h4 % 5 = 0 THEN '{}'::jsonb ELSE jsonb_build_object('expectedMonthlySalaryCny',
                 (ARRAY[30000, 28000, 32000, 26000, 27000])[spec + 1] + (h5 - 500) * 24) END,
            jsonb_build_object('privacyPolicyVersion', '2025-01', 'shareWithBusinessUnits', true,
                               'givenAt', created_at),
            created_at, created_at, CASE WHEN status = 'withdrawn' THEN created_at + interval '300 hours' END
       FROM seed`,
    args.slice(0, 3),
  );
  await client.query(
    `INSERT INTO registration_timeline (registration_id, organization_id, at, actor_type, field, from_value, to_value)
     SELECT id, $1::uuid, created_at, 'candidate', 'status', NULL, CASE WHEN status = 'withdrawn' THEN 'registered' ELSE status END
       FROM seed
     UNION ALL
     SELECT id, $1::uuid, created_at + interval '1 minute', 'system', 'lane', NULL, lane FROM seed WHERE lane IS NOT NULL
     UNION ALL
     SELECT id, $1::uuid, created_at + interval '300 hours', 'candidate', 'status', 'registered', 'withdrawn'
       FROM seed WHERE status = 'withdrawn'
     UNION ALL
     SELECT s.id, $1::uuid, s.created_at + p.n * s.gap_hours * interval '1 hour', 'system', 'stage',
            coalesce(s.path[p.n - 1], 'intake'), p.stage
       FROM seed s CROSS JOIN LATERAL unnest(s.path) WITH ORDINALITY AS p(stage, n)`,
    [s.organizationId],
  );
  await client.query(
    `INSERT INTO interviews (organization_id, event_id, registration_id, interviewer_id, business_unit_id,
                             starts_at, ends_at, status, ical_uid, created_at)
     SELECT $1, $2, id, ($4::uuid[])[spec + 1], ($3::uuid[])[spec + 1], starts_at, starts_at + interval '45 minutes',
            CASE WHEN 'interviewed' = ANY(path) THEN 'completed' ELSE 'scheduled' END, id::text || '@hirefair', now()
       FROM (SELECT s.*, date_trunc('hour', now()) + interval '1 day'
                    + row_number() OVER (PARTITION BY spec ORDER BY i) * interval '45 minutes' AS starts_at
               FROM seed s WHERE 'interview_scheduled' = ANY(path)) booked`,
    args,
  );
  await client.query(
    `UPDATE event_seats SET capacity = $2, registered = (SELECT count(*) FROM seed WHERE status = 'registered')
      WHERE event_id = $1`,
    [s.eventId, REGISTRATIONS],
  );
  await client.query(`ANALYZE`);
}

const sqlSpecialties = (): string => `(ARRAY[${SPECIALTIES.map((x) => `'${x}'`).join(', ')}])`;

/**
 * CPU time the backend spends on one report — its statements run one after the other on one
 * connection (median of 9, from /proc when PostgreSQL runs on this host): unlike wall time, it does
 * not grow when other processes share the cores.
 */
async function backendCpuMs(client: Client, eventId: string): Promise<number | null> {
  const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows;
  const ticks = (): number | null => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(fields[11]) + Number(fields[12]); // utime + stime, 1/100 s
    } catch {
      return null;
    }
  };
  const runs: number[] = [];
  for (let i = 0; i < 9; i++) {
    await client.query('BEGIN');
    await client.query(REPORT_SETTINGS_SQL);
    const before = ticks();
    for (const [, sql] of STATEMENTS) await client.query(sql, [eventId]);
    const after = ticks();
    await client.query('COMMIT');
    if (before === null || after === null) return null;
    runs.push((after - before) * 10);
  }
  return runs.sort((a, b) => a - b)[4];
}

interface Timed {
  ms: number;
  status: number;
  type: string;
  body: string;
}

async function timed(path: string, token: string, accept = 'application/json'): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(`${BASE}/api/v1${path}`, { headers: { authorization: `Bearer ${token}`, accept } });
  const body = await res.text();
  return {
    ms: performance.now() - started,
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body,
  };
}

async function main(): Promise<void> {
  console.log(
    `fresh database ${DATABASE_URL}; ${REGISTRATIONS} registrations, ${ROUNDS} rounds; load average ${load()}`,
  );
  await freshDatabase(DATABASE_URL);
  if (PORT === 0) PORT = await freePort();
  BASE = `http://127.0.0.1:${PORT}`;
  const client = new Client({ connectionString: DATABASE_URL, application_name: 'bench-report' });
  await client.connect();
  const api = startApi();
  let failed = false;
  try {
    await waitUntilUp(`${BASE}/health/ready`, api, 180_000);
    const setup = await setUp();
    const seedStart = Date.now();
    await seed(client, setup);
    const [counts] = (
      await client.query(
        `SELECT (SELECT count(*) FROM registrations WHERE event_id = $1)::int AS registrations,
                (SELECT count(*) FROM registration_timeline)::int AS timeline,
                (SELECT count(*) FROM interviews WHERE event_id = $1)::int AS interviews`,
        [setup.eventId],
      )
    ).rows;
    console.log(
      `seeded ${counts.registrations} registrations, ${counts.timeline} timeline rows, ` +
        `${counts.interviews} interviews in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    // Each statement as the API runs it: in a transaction with the report's settings.
    const plans: string[] = [];
    const alone: string[] = [];
    for (const [name, sql] of STATEMENTS) {
      const times: number[] = [];
      await client.query('BEGIN');
      await client.query(REPORT_SETTINGS_SQL);
      await client.query(sql, [setup.eventId]);
      const explain = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [setup.eventId]);
      for (let i = 0; i < ROUNDS; i++) {
        const started = performance.now();
        await client.query(sql, [setup.eventId]);
        times.push(performance.now() - started);
      }
      await client.query('COMMIT');
      const plan = explain.rows.map((r: Record<string, string>) => r['QUERY PLAN']);
      plans.push(`${name}: ${plan.slice(-1).join('; ')}`);
      if (process.env.BENCH_EXPLAIN) console.log(`${name}:\n${plan.join('\n')}`);
      alone.push(
        `${name} ${percentile(
          times.sort((a, b) => a - b),
          50,
        ).toFixed(0)} ms`,
      );
    }
    // The statements side by side on their own connections, as the API runs them (the API also
    // shares one exported snapshot between them), to tell the database's share of the HTTP latency.
    const side = await Promise.all(
      STATEMENTS.map(async () => {
        const c = new Client({ connectionString: DATABASE_URL, application_name: 'bench-report' });
        await c.connect();
        return c;
      }),
    );
    const sqlTimes: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await Promise.all(side.map(async (c) => (await c.query('BEGIN'), c.query(REPORT_SETTINGS_SQL))));
      const started = performance.now();
      await Promise.all(STATEMENTS.map(([, sql], j) => side[j].query(sql, [setup.eventId])));
      sqlTimes.push(performance.now() - started);
      await Promise.all(side.map((c) => c.query('COMMIT')));
    }
    await Promise.all(side.map((c) => c.end()));
    sqlTimes.sort((a, b) => a - b);
    const cpu = await backendCpuMs(client, setup.eventId);
    console.log(
      `the report's ${STATEMENTS.length} statements alone over pg, each p50 of ${ROUNDS} runs: ${alone.join(', ')}; ` +
        `side by side on ${STATEMENTS.length} connections, ${ROUNDS} runs: p50 ${percentile(sqlTimes, 50).toFixed(0)} ms, ` +
        `p95 ${percentile(sqlTimes, 95).toFixed(0)} ms, min ${sqlTimes[0].toFixed(0)} ms (load average ${load()}); ` +
        `CPU of PostgreSQL per report (all statements): ${cpu === null ? 'n/a (database not on this host)' : `${cpu} ms`}`,
    );
    console.log(`EXPLAIN ANALYZE of the report statements: ${plans.join('; ')}`);

    const kinds: [string, string, string][] = [
      ['json', `/events/${setup.eventId}/report`, 'application/json'],
      ['csv', `/events/${setup.eventId}/report`, 'text/csv'],
      ...['funnel', 'lanes', 'cities', 'salary'].map((c): [string, string, string] => [
        `svg ${c}`,
        `/events/${setup.eventId}/report.svg?chart=${c}`,
        '*/*',
      ]),
    ];
    // Warm-up: one of each (JIT, pools, plan cache).
    for (const [, path, accept] of kinds) await timed(path, setup.recruiter, accept);
    const samples = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
    let last: Record<string, Timed> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const [kind, path, accept] of kinds) {
        const r = await timed(path, setup.recruiter, accept);
        if (r.status !== 200) throw new Error(`${kind}: ${r.status} ${r.body.slice(0, 300)}`);
        samples.get(kind)?.push(r.ms);
        last = { ...last, [kind]: r };
      }
    }
    console.log(`\nlatency over HTTP, ${ROUNDS} requests each, one at a time (load average ${load()}):`);
    console.log('kind          p50 ms   p95 ms   max ms   bytes   content-type');
    for (const [kind] of kinds) {
      const sorted = [...(samples.get(kind) ?? [])].sort((a, b) => a - b);
      console.log(
        `${kind.padEnd(12)} ${percentile(sorted, 50).toFixed(0).padStart(7)} ${percentile(sorted, 95)
          .toFixed(0)
          .padStart(8)} ${sorted[sorted.length - 1].toFixed(0).padStart(8)} ${String(
          last[kind].body.length,
        ).padStart(7)}   ${last[kind].type}`,
      );
    }
    const jsonP95 = percentile(
      [...(samples.get('json') ?? [])].sort((a, b) => a - b),
      95,
    );

    const report = JSON.parse(last.json.body);
    const stageSum = Object.values<number>(report.byStage).reduce((a, b) => a + b, 0);
    const laneSum =
      report.byLane.fast_track.totals.registrations +
      report.byLane.standard.totals.registrations +
      report.totals.awaitingLane;
    const funnel: { stage: string; reached: number }[] = report.funnel;
    // Every stage is entered from intake: none is reached by more registrations than there are.
    const bounded = funnel.every((s) => s.reached <= funnel[0].reached);
    const checks = {
      'registrations = seeded': report.totals.registrations === REGISTRATIONS,
      'stages add up': stageSum === REGISTRATIONS,
      'lanes add up': laneSum === REGISTRATIONS,
      'no stage reached by more than intake': bounded,
      'funnel starts with every registration': funnel[0].reached === REGISTRATIONS,
    };
    console.log(
      `\nreport: funnel ${funnel.map((s) => s.reached).join(' → ')}; median hours to decision fast track ` +
        `${report.byLane.fast_track.medianHoursToDecision} vs standard ${report.byLane.standard.medianHoursToDecision}; ` +
        `check-in rate ${report.totals.checkInRate}`,
    );
    for (const [name, ok] of Object.entries(checks)) {
      console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}`);
      if (!ok) failed = true;
    }
    console.log(
      `JSON report p95 ${jsonP95.toFixed(0)} ms: target < ${TARGET_MS} ms ${jsonP95 < TARGET_MS ? 'met' : 'NOT met'}`,
    );
  } finally {
    await stopAll(api);
    await client.end();
  }
  if (failed) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
