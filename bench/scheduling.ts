/**
 * npm run bench:scheduling — a real scheduling run end to end: a fresh database, the API in this
 * process (HTTP only, WORKERS=off) and one worker process from source, an event with 2,000 advanced
 * candidates and 150 interviewers, `POST /events/:id/scheduling-runs`, and the wait until the run
 * is completed.
 *
 * The instance is `randomInstance` (the algorithm bench's generator, seed 20250310, moved a week
 * ahead): skewed specialties, 5 units with a daily interview capacity of 5–9, interviewers with full
 * or half days on 2 days, 30 % of candidates free any time and the rest with 1–3 windows, 20 %
 * fast-track. Org, units, recruiter and event go through the HTTP API; interviewers, availability
 * and the 2,000 registrations (stage `advanced`, timeline rows of every step that led there) are
 * seeded with set-based SQL.
 *
 * Prints: the run's wall time (POST → status completed, and started_at → finished_at; goal < 3 s) and
 * its phases in the worker (inputs, assignment, bookings), when every invitation mail was queued (the
 * run owes the invitation jobs as it ends; they owe the reminders), booked count,
 * the maximum possible computed independently (below), their ratio (must be 1.000), a first-come greedy
 * baseline, overlaps per interviewer and per candidate by SQL over `interviews` (must be 0), the other
 * hard rules by SQL (inside both availabilities, daily limits, one interview per candidate) and the
 * spread of interviews per interviewer.
 *
 * Independent maximum: the graph is read back from the database with plain SQL (not the service's
 * loaders): every (interviewer, slot) cut from the interviewers' windows, every advanced candidate,
 * an edge when the interviewer belongs to the candidate's unit, shares a specialty and the slot lies
 * inside the candidate's windows (none = any time). Daily limits are not a matching constraint, so
 * `hopcroftKarpMaximum` (plain Hopcroft–Karp, no flow code) adds, for each interviewer-day with m
 * usable slots and capacity c, m − c blocker vertices pre-matched to that day's slots: a schedule
 * within the limits leaves ≥ m − c of the day's slots free, and the blockers keep all but c of them
 * away from candidates, so maximum matching − blockers = the most candidates any schedule can book.
 * (Equivalently: c copies of the interviewer-day, each adjacent to the day's slots.)
 *
 * Environment: BENCH_DATABASE_URL (…/hirefair_bench_scheduling, dropped and recreated),
 * BENCH_REDIS_URL, BENCH_SEED (20250310), BENCH_CANDIDATES (2000), BENCH_INTERVIEWERS (150), BENCH_PORT (3997),
 * BENCH_WORKERS (1: worker processes).
 * Exit code 1 when the ratio is not 1, an overlap or another broken rule is found, or the run fails.
 */
import 'reflect-metadata';
import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { loadConfig } from '@hirefair/config';
import { greedyBaseline } from '@hirefair/core/interviews/scheduling/assignment';
import { hopcroftKarpMaximum } from '@hirefair/core/interviews/scheduling/hopcroft-karp';
import { randomInstance } from '@hirefair/core/interviews/scheduling/random-instance';
import { cutSlots } from '@hirefair/core/interviews/scheduling/slots';
import type {
  AssignmentInput,
  SchedulingCandidate,
  SchedulingInterviewer,
} from '@hirefair/core/interviews/scheduling/scheduling.types';
import { QueueName, bullPrefix, redisOptions } from '@hirefair/queue';
import { startProcess } from '@hirefair/testing/processes';
import { createApiApp } from '../apps/api/src/app.setup';
import { createInstanceOrganization, windowsOf } from './scheduling-instance';
import { Json, apiClient, freshDatabase, loadAverage } from './support';

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hirefair_bench_scheduling';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SEED = Number(process.env.BENCH_SEED ?? 20250310);
const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? 2000);
const INTERVIEWERS = Number(process.env.BENCH_INTERVIEWERS ?? 150);
const PORT = Number(process.env.BENCH_PORT ?? 3997);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const QUEUE_PREFIX = `hirefair-bench-scheduling-${Date.now()}`;
const BASE = `http://127.0.0.1:${PORT}`;
const ZONE = 'Asia/Shanghai';
const PLATFORM_ADMIN = { email: 'bench-platform@hirefair.local', password: 'bench-platform-password' };
const PASSWORD = 'bench-password-123';
const GOAL_SECONDS = 3;

const ENV: Record<string, string> = {
  NODE_ENV: 'development',
  DATABASE_URL,
  REDIS_URL,
  QUEUE_PREFIX,
  DEMO_DATA: 'false',
  LOG_LEVEL: 'warn',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
  PLATFORM_ADMIN_EMAIL: PLATFORM_ADMIN.email,
  PLATFORM_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
  SMTP_URL: '',
  PUBLIC_BASE_URL: 'http://localhost:3000',
};

const load = loadAverage;
const { call, login } = apiClient(BASE);

interface Seeded {
  eventId: string;
  recruiter: string;
  interviewMinutes: number;
  bufferMinutes: number;
}

/** Org, units, recruiter and a published event through the API; the rest by set-based SQL. */
async function seed(pool: Pool): Promise<Seeded> {
  const firstDay = DateTime.now().setZone(ZONE).plus({ days: 7 }).toISODate() as string;
  const { input, interviewMinutes, bufferMinutes } = randomInstance({
    seed: SEED,
    candidates: CANDIDATES,
    interviewers: INTERVIEWERS,
    firstDay,
    timezone: ZONE,
    existingShare: 0,
  });

  const platform = await login(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  const { organizationId, admin, specialties, unitId } = await createInstanceOrganization(
    { call, login },
    platform,
    input,
    { name: 'Bench scheduling', slug: 'bench-scheduling', password: PASSWORD },
  );
  const recruiterEmail = 'recruiter@bench-scheduling.example.com';
  await call('POST', '/users', admin, {
    email: recruiterEmail,
    name: 'Bench recruiter',
    password: PASSWORD,
    roles: ['recruiter'],
    businessUnitIds: [],
  });
  const recruiter = await login(recruiterEmail, PASSWORD);
  const first = DateTime.fromISO(firstDay, { zone: ZONE });
  const event = await call('POST', '/events', recruiter, {
    title: 'Bench scheduling fair',
    slug: 'bench-scheduling',
    city: 'Beijing',
    venue: 'Hall 1',
    online: false,
    timezone: ZONE,
    startsAt: first.set({ hour: 8 }).toJSDate().toISOString(),
    endsAt: first.plus({ days: 2 }).set({ hour: 20 }).toJSDate().toISOString(),
    registrationOpensAt: new Date(Date.now() - 3600_000).toISOString(),
    registrationClosesAt: first.toJSDate().toISOString(),
    capacity: CANDIDATES,
    specialties,
    businessUnitIds: [...unitId.values()],
    writtenTestPassScore: 60,
    interviewMinutes,
    bufferMinutes,
  });
  const eventId = event.id as string;
  await call('POST', `/events/${eventId}/publish`, recruiter);

  const { rows: hashRow } = await pool.query(`SELECT password_hash FROM users WHERE email = $1`, [
    recruiterEmail,
  ]);
  const interviewers = input.interviewers.map((i, k) => ({
    email: `interviewer-${k}@bench-scheduling.example.com`,
    name: `Interviewer ${k}`,
    units: i.businessUnitIds.map((u) => unitId.get(u)),
    specialties: i.specialties,
    windows: windowsOf(i, bufferMinutes).map((w) => [w.startsAt.toISOString(), w.endsAt.toISOString()]),
  }));
  await pool.query(
    `WITH x AS (SELECT * FROM json_to_recordset($1) AS x(email text, name text, units uuid[], specialties text[], windows json)),
          u AS (INSERT INTO users (organization_id, email, name, password_hash, roles, business_unit_ids, specialties)
                SELECT $2, email, name, $3, ARRAY['interviewer'], units, specialties FROM x RETURNING id, email)
     INSERT INTO interviewer_availability (organization_id, event_id, interviewer_id, during)
     SELECT $2, $4, u.id, tstzrange((w->>0)::timestamptz, (w->>1)::timestamptz)
       FROM x JOIN u USING (email), json_array_elements(x.windows) w`,
    [JSON.stringify(interviewers), organizationId, hashRow[0].password_hash, eventId],
  );

  // Registrations in arrival order, so that seq follows created_at.
  const candidates = [...input.candidates]
    .sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime())
    .map((c, k) => ({
      email: `candidate-${k}@bench-scheduling.example.com`,
      name: `候选人 ${k}`,
      k,
      lane: c.fastTrack ? 'fast_track' : 'standard',
      unit: unitId.get(c.businessUnitId),
      specialties: c.specialties,
      created: c.registeredAt.toISOString(),
      locale: k % 3 === 0 ? 'zh' : 'en',
      code: randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase(),
      windows: (c.availability ?? []).map((w) => [w.startsAt.toISOString(), w.endsAt.toISOString()]),
    }));
  await pool.query(
    `WITH x AS (SELECT * FROM json_to_recordset($1) AS x(email text, name text, k int, lane text, unit uuid,
                  specialties text[], created timestamptz, locale text, code text, windows json)),
          c AS (INSERT INTO candidates (organization_id, email, name, created_at)
                SELECT $2, email, name, created FROM x RETURNING id, email),
          r AS (INSERT INTO registrations (organization_id, event_id, candidate_id, status, lane, stage, business_unit_id,
                  routed_at, check_in_code, locale, degree, years_of_experience, city, specialties, consent, created_at)
                SELECT $2, $3, c.id, 'registered', x.lane, 'advanced', x.unit, x.created + interval '1 hour', x.code,
                       x.locale, 'master', 3, 'Beijing', x.specialties,
                       '{"privacyPolicyVersion":"2025-01","shareWithBusinessUnits":true}', x.created
                  FROM x JOIN c USING (email) ORDER BY x.k
                RETURNING id, lane, business_unit_id, created_at, candidate_id),
          t AS (INSERT INTO registration_timeline (registration_id, organization_id, at, actor_type, field, from_value, to_value, reason)
                SELECT r.id, $2, r.created_at + step.after, 'system', step.field, step.from_value,
                       CASE WHEN step.field = 'business_unit' THEN r.business_unit_id::text ELSE step.to_value END, step.reason
                  FROM r CROSS JOIN LATERAL (VALUES
                    (0, interval '0', 'status', NULL, 'registered', 'registered'),
                    (1, interval '1 second', 'lane', NULL, r.lane, 'bench'),
                    (2, interval '2 seconds', 'stage', 'intake', 'test_required', 'bench'),
                    (3, interval '30 minutes', 'stage', 'test_required', 'test_passed', 'bench'),
                    (4, interval '1 hour', 'stage', 'test_passed', 'routed', 'bench'),
                    (5, interval '1 hour', 'business_unit', NULL, NULL, 'bench'),
                    (6, interval '1 hour', 'stage', 'intake', 'routed', 'bench'),
                    (7, interval '2 hours', 'stage', 'routed', 'advanced', 'bench'))
                    AS step(n, after, field, from_value, to_value, reason)
                 WHERE r.lane = 'fast_track' AND step.n NOT IN (2, 3, 4)
                    OR r.lane = 'standard' AND step.n <> 6
                 ORDER BY r.created_at, step.n
                RETURNING 1)
     INSERT INTO candidate_availability (organization_id, registration_id, during)
     SELECT $2, r.id, tstzrange((w->>0)::timestamptz, (w->>1)::timestamptz)
       FROM x JOIN c USING (email) JOIN r ON r.candidate_id = c.id, json_array_elements(x.windows) w`,
    [JSON.stringify(candidates), organizationId, eventId],
  );
  await pool.query(`UPDATE event_seats SET registered = $2 WHERE event_id = $1`, [eventId, CANDIDATES]);
  await pool.query('ANALYZE');
  return { eventId, recruiter, interviewMinutes, bufferMinutes };
}

/** The scheduling graph read back from the database with plain SQL, for the independent maximum. */
async function graphFromDatabase(pool: Pool, eventId: string, runId: string): Promise<AssignmentInput> {
  const { rows: events } = await pool.query(
    `SELECT timezone, interview_minutes, buffer_minutes FROM events WHERE id = $1`,
    [eventId],
  );
  const { timezone, interview_minutes: minutes, buffer_minutes: buffer } = events[0];
  const { rows: interviewerRows } = await pool.query(
    `SELECT u.id, u.specialties, u.business_unit_ids,
            (SELECT min(b.daily_interview_capacity) FROM business_units b WHERE b.id = ANY(u.business_unit_ids)) AS capacity,
            array_agg(lower(a.during) ORDER BY lower(a.during)) AS starts,
            array_agg(upper(a.during) ORDER BY lower(a.during)) AS ends
       FROM users u JOIN interviewer_availability a ON a.interviewer_id = u.id AND a.event_id = $1
      WHERE 'interviewer' = ANY(u.roles) GROUP BY u.id ORDER BY u.email`,
    [eventId],
  );
  const interviewers: SchedulingInterviewer[] = interviewerRows.map((r) => ({
    id: r.id,
    specialties: r.specialties,
    businessUnitIds: r.business_unit_ids,
    dailyCapacity: r.capacity,
    slots: cutSlots(
      (r.starts as Date[]).map((s, k) => ({ startsAt: s, endsAt: (r.ends as Date[])[k] })),
      minutes,
      buffer,
      timezone,
    ),
    existing: [],
  }));
  // Everyone the run was asked to book: advanced before it, i.e. now advanced or booked by this run.
  const { rows: candidateRows } = await pool.query(
    `SELECT r.id, r.specialties, r.business_unit_id, r.lane, r.created_at,
            array_remove(array_agg(lower(a.during)), NULL) AS starts, array_remove(array_agg(upper(a.during)), NULL) AS ends
       FROM registrations r LEFT JOIN candidate_availability a ON a.registration_id = r.id
      WHERE r.event_id = $1 AND r.status = 'registered'
        AND (r.stage = 'advanced' OR EXISTS (SELECT 1 FROM interviews i WHERE i.registration_id = r.id AND i.scheduling_run_id = $2))
      GROUP BY r.id ORDER BY r.seq`,
    [eventId, runId],
  );
  const candidates: SchedulingCandidate[] = candidateRows.map((r) => ({
    id: r.id,
    specialties: r.specialties,
    fastTrack: r.lane === 'fast_track',
    registeredAt: r.created_at,
    businessUnitId: r.business_unit_id,
    availability:
      r.starts.length === 0
        ? null
        : (r.starts as Date[]).map((s, k) => ({ startsAt: s, endsAt: (r.ends as Date[])[k] })),
  }));
  return { timezone, candidates, interviewers };
}

async function main(): Promise<void> {
  Object.assign(process.env, ENV, { WORKERS: 'off' });
  console.log(`load average before: ${load()}`);
  await freshDatabase(DATABASE_URL);
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4 });
  const app = await createApiApp(loadConfig(process.env));
  await app.listen(PORT, '127.0.0.1');
  // At info level the worker logs the run's phases (inputs, assignment, bookings).
  const workers = Array.from({ length: WORKERS }, () =>
    startProcess('apps/worker/src/main.ts', { ...ENV, WORKERS: 'on', LOG_LEVEL: 'info' }),
  );
  const queue = new Queue(QueueName.InterviewScheduling, {
    connection: redisOptions(REDIS_URL),
    prefix: bullPrefix(QUEUE_PREFIX),
  });
  let failed = false;
  try {
    const seedStarted = performance.now();
    const seeded = await seed(pool);
    console.log(
      `seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s: ${CANDIDATES} advanced candidates, ` +
        `${INTERVIEWERS} interviewers (seed ${SEED}, ${seeded.interviewMinutes}+${seeded.bufferMinutes} min slots), ` +
        `${WORKERS} worker process${WORKERS === 1 ? '' : 'es'}`,
    );
    const deadline = Date.now() + 120_000;
    while ((await queue.getWorkers()).length < WORKERS) {
      const exited = workers.find((w) => w.child.exitCode !== null);
      if (exited) throw new Error(`a worker exited:\n${exited.output()}`);
      if (Date.now() > deadline) throw new Error(`the workers did not start:\n${workers[0].output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const started = performance.now();
    const created = await call('POST', `/events/${seeded.eventId}/scheduling-runs`, seeded.recruiter);
    const runId = created.id as string;
    let run: Json;
    for (;;) {
      run = await call('GET', `/scheduling-runs/${runId}`, seeded.recruiter);
      if (run.status === 'completed' || run.status === 'failed') break;
      if (performance.now() - started > 600_000) throw new Error('the run did not finish in 10 minutes');
      await new Promise((r) => setTimeout(r, 20));
    }
    const wall = (performance.now() - started) / 1000;
    if (run.status !== 'completed') throw new Error(`run ${run.status}: ${String(run.error)}`);
    // The invitations (.ics + mails, candidate and interviewer) are rendered by jobs the run owes.
    let invited = NaN;
    for (;;) {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n, (SELECT count(*)::int FROM interviews WHERE scheduling_run_id = $1) AS booked
           FROM mail_messages WHERE template LIKE 'interview.invitation%'`,
        [runId],
      );
      if (rows[0].n >= 2 * rows[0].booked) {
        invited = (performance.now() - started) / 1000;
        break;
      }
      if (performance.now() - started > 600_000) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const { rows: timing } = await pool.query(
      `SELECT extract(epoch FROM finished_at - started_at)::float AS run, extract(epoch FROM started_at - created_at)::float AS wait
         FROM scheduling_runs WHERE id = $1`,
      [runId],
    );

    const active = `status IN ('scheduled', 'confirmed')`;
    const { rows: bookedRows } = await pool.query(
      `SELECT count(*)::int AS n FROM interviews WHERE scheduling_run_id = $1 AND ${active}`,
      [runId],
    );
    const booked: number = bookedRows[0].n;
    const input = await graphFromDatabase(pool, seeded.eventId, runId);
    const hkStarted = performance.now();
    const maximum = hopcroftKarpMaximum(input);
    const hkSeconds = (performance.now() - hkStarted) / 1000;
    const greedy = greedyBaseline(input).assignments.length;
    const { rows: overlapRows } = await pool.query(
      `SELECT count(*) FILTER (WHERE a.interviewer_id = b.interviewer_id)::int AS interviewer,
              count(*) FILTER (WHERE a.registration_id = b.registration_id)::int AS candidate
         FROM interviews a JOIN interviews b ON a.id < b.id
          AND (a.interviewer_id = b.interviewer_id OR a.registration_id = b.registration_id)
          AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
        WHERE a.event_id = $1 AND b.event_id = $1 AND a.${active} AND b.${active}`,
      [seeded.eventId],
    );
    const { rows: ruleRows } = await pool.query(
      `SELECT
         (SELECT count(*)::int FROM interviews i WHERE i.event_id = $1 AND i.${active}
            AND NOT EXISTS (SELECT 1 FROM interviewer_availability a WHERE a.interviewer_id = i.interviewer_id
                              AND a.event_id = i.event_id AND a.during @> tstzrange(i.starts_at, i.ends_at))) AS "outsideInterviewer",
         (SELECT count(*)::int FROM interviews i WHERE i.event_id = $1 AND i.${active}
            AND EXISTS (SELECT 1 FROM candidate_availability c WHERE c.registration_id = i.registration_id)
            AND NOT EXISTS (SELECT 1 FROM candidate_availability c WHERE c.registration_id = i.registration_id
                              AND c.during @> tstzrange(i.starts_at, i.ends_at))) AS "outsideCandidate",
         (SELECT count(*)::int FROM (SELECT 1 FROM interviews i
            CROSS JOIN LATERAL (SELECT min(b.daily_interview_capacity) AS cap FROM users u
                                  JOIN business_units b ON b.id = ANY(u.business_unit_ids) WHERE u.id = i.interviewer_id) c
            WHERE i.event_id = $1 AND i.${active}
            GROUP BY i.interviewer_id, (i.starts_at AT TIME ZONE $2)::date HAVING count(*) > max(c.cap)) d) AS "overDailyLimit",
         (SELECT count(*)::int FROM (SELECT 1 FROM interviews i WHERE i.event_id = $1 AND i.${active}
            GROUP BY registration_id HAVING count(*) > 1) d) AS "twice",
         (SELECT count(*)::int FROM registrations r WHERE r.event_id = $1 AND r.stage = 'interview_scheduled'
            AND NOT EXISTS (SELECT 1 FROM interviews i WHERE i.registration_id = r.id AND i.${active})) AS "stageWithoutInterview"`,
      [seeded.eventId, ZONE],
    );
    const { rows: spreadRows } = await pool.query(
      `SELECT count(i.id)::int AS n FROM users u
         LEFT JOIN interviews i ON i.interviewer_id = u.id AND i.scheduling_run_id = $1 AND i.${active}
        WHERE 'interviewer' = ANY(u.roles) AND u.organization_id = (SELECT organization_id FROM events WHERE id = $2)
        GROUP BY u.id ORDER BY 1`,
      [runId, seeded.eventId],
    );
    const spread = spreadRows.map((r) => r.n as number);
    const { rows: owed } = await pool.query(
      `SELECT (SELECT count(*)::int FROM mail_messages WHERE template LIKE 'interview.invitation%') AS mails,
              (SELECT count(*)::int FROM outbox WHERE job_name = 'interview-reminder') AS reminders`,
    );
    const reasons = new Map<string, number>();
    for (const u of run.unscheduled as { reason: string }[])
      reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
    const ratio = maximum === 0 ? 1 : booked / maximum;
    const rules = ruleRows[0];
    const broken =
      Number(rules.outsideInterviewer) +
      Number(rules.outsideCandidate) +
      Number(rules.overDailyLimit) +
      Number(rules.twice) +
      Number(rules.stageWithoutInterview);

    console.log(
      `wall time of the run: ${wall.toFixed(3)} s (POST → completed; queue wait ${timing[0].wait.toFixed(3)} s, ` +
        `started → finished ${timing[0].run.toFixed(3)} s; goal < ${GOAL_SECONDS} s: ${wall < GOAL_SECONDS ? 'met' : 'NOT met'})`,
    );
    const phases =
      workers.map((w) => /Scheduling run [^"]*\((inputs [^)]*)\)/.exec(w.output())?.[1]).find(Boolean) ??
      'not logged';
    console.log(`  of which, in the worker: ${phases}`);
    console.log(
      `invitations: every candidate's and interviewer's invitation mail (with its .ics) queued ${invited.toFixed(3)} s after the POST`,
    );
    console.log(`booked: ${booked} (run reports scheduled ${String(run.scheduled)})`);
    console.log(
      `maximum (independent Hopcroft–Karp over the graph read back from the database, daily limits as blockers): ${maximum} ` +
        `(${input.candidates.length} candidates × ${input.interviewers.reduce((s, i) => s + i.slots.length, 0)} slots, ${hkSeconds.toFixed(2)} s)`,
    );
    console.log(`ratio: ${ratio.toFixed(3)}`);
    console.log(`greedy first-come baseline: ${greedy}`);
    console.log(
      `overlaps (SQL over interviews): per interviewer ${overlapRows[0].interviewer}, per candidate ${overlapRows[0].candidate}`,
    );
    console.log(
      `other rules (SQL): outside interviewer window ${rules.outsideInterviewer}, outside candidate window ${rules.outsideCandidate}, ` +
        `over daily limit ${rules.overDailyLimit}, candidates booked twice ${rules.twice}, stage without interview ${rules.stageWithoutInterview}`,
    );
    console.log(
      `interviews per interviewer: min ${spread[0]} / median ${spread[Math.floor(spread.length / 2)]} / max ${spread[spread.length - 1]}`,
    );
    console.log(
      `unscheduled: ${(run.unscheduled as unknown[]).length} (${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'})`,
    );
    console.log(
      `owed for the bookings (invitation jobs owed as the run ends, reminders by those jobs): ` +
        `${owed[0].mails} invitation mails, ${owed[0].reminders} reminder jobs`,
    );
    console.log(`load average after: ${load()}`);
    failed = ratio !== 1 || overlapRows[0].interviewer > 0 || overlapRows[0].candidate > 0 || broken > 0;
    if (failed) console.error('FAILED: not the maximum, an overlap, or a hard rule broken');
  } finally {
    await queue.close();
    await Promise.all(workers.map((w) => w.stop('SIGTERM')));
    await app.close();
    await pool.end();
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
