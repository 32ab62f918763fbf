/**
 * npm run bench:fasttrack — the fast track under a registration rush: the built API with its
 * workers in-process (the default install; BENCH_WORKERS=separate runs them in a worker process)
 * on a fresh database, everything set up through the HTTP
 * API (platform admin → organization → units nlp / computer_vision / robotics → recruiter → event →
 * waiver policy "phd" → routing rules least_loaded), then 2,000 distinct candidates (every other one
 * a PhD) registered at 64 connections, and the wait until every registration has left intake.
 *
 * Prints: registration req/s and HTTP p50/p99; registration commit (registrations.created_at) →
 * routed (registrations.routed_at) for the fast-track ones, p50/p99/max, split into its parts
 * (outbox relay, BullMQ wait, intake batch; the job timestamps are read from Redis), the intake and
 * routing batch sizes; intake jobs/s; what
 * the database sessions were waiting on while intake ran (pg_stat_activity, sampled); and the
 * mismatch count (lane/stage/unit not what the inputs imply), which must be 0 (exit 1 otherwise).
 *
 * Then, for scale, the same fast-track latency without a rush: BENCH_TRICKLE registrations (100, half
 * PhD) on another event, one connection, BENCH_TRICKLE_RATE (4) requests per second.
 *
 * Environment: BENCH_DATABASE_URL (…/hirefair_bench_fasttrack, dropped and recreated), BENCH_REDIS_URL,
 * BENCH_CANDIDATES (2000), BENCH_CONNECTIONS (64), BENCH_PORT (3998), BENCH_WARMUP (300), BENCH_TRICKLE (100),
 * BENCH_TRICKLE_RATE (4).
 * The database and the run's Redis keys are left in place for inspection.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { IntakeJob, QueueName, bullPrefix, redisOptions } from '@hirefair/queue';
import {
  Json,
  apiClient,
  freshDatabase,
  loadAverage,
  peakRssMb,
  percentile,
  startBuilt,
  slowBursts,
  stillInIntake,
  stopAll,
  timedRequests,
  waitUntilUp,
} from './support';

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hirefair_bench_fasttrack';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const PORT = Number(process.env.BENCH_PORT ?? 3998);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const TRICKLE = Number(process.env.BENCH_TRICKLE ?? 100);
const TRICKLE_RATE = Number(process.env.BENCH_TRICKLE_RATE ?? 4);
/** `in-process` (the default install) or `separate` (API with WORKERS=off plus `npm run start:worker`). */
const WORKERS = process.env.BENCH_WORKERS === 'separate' ? 'separate' : 'in-process';
const QUEUE_PREFIX = `hirefair-bench-fasttrack-${Date.now()}`;
const BASE = `http://127.0.0.1:${PORT}`;
const PLATFORM_ADMIN = { email: 'bench-platform@hirefair.local', password: 'bench-platform-password' };
const PASSWORD = 'bench-password-123';
const SPECIALTIES = ['nlp', 'computer_vision', 'robotics'] as const;
const TARGET_P99_MS = 500;
const TARGET_REGISTRATION_P99_MS = 150;
const DRAIN_TIMEOUT_MS = 15 * 60_000;

const summary = (values: number[]): { n: number; p50: number; p99: number; max: number; mean: number } => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: sorted.length ? percentile(sorted, 50) : NaN,
    p99: sorted.length ? percentile(sorted, 99) : NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length),
  };
};

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(0) : '–');
const load = loadAverage;

/** The built API, with its workers in-process or (BENCH_WORKERS=separate) in a worker process. */
const start = (main: 'api' | 'worker') =>
  startBuilt(main, {
    DATABASE_URL,
    REDIS_URL,
    PORT: String(PORT),
    WORKERS: WORKERS === 'separate' ? 'off' : 'on',
    PUBLIC_RATE_LIMIT: '100000000',
    QUEUE_PREFIX,
    PLATFORM_ADMIN_EMAIL: PLATFORM_ADMIN.email,
    PLATFORM_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
  });

const { call, login } = apiClient(BASE);

interface Setup {
  eventId: string;
  slug: string;
  unitBySpecialty: Record<string, string>;
}

/** Organization, units, recruiter, then one published event with the waiver policy and routing rules. */
async function setUp(): Promise<{
  recruiter: string;
  event: (tag: string, capacity: number) => Promise<Setup>;
}> {
  const platform = await login(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
  const adminEmail = 'admin@bench-fasttrack.example.com';
  await call('POST', '/organizations', platform, {
    name: 'Bench fast track',
    slug: 'bench-fasttrack',
    admin: { email: adminEmail, name: 'Bench admin', password: PASSWORD },
  });
  const admin = await login(adminEmail, PASSWORD);
  const unitBySpecialty: Record<string, string> = {};
  for (const specialty of SPECIALTIES) {
    const unit = await call('POST', '/business-units', admin, {
      name: `Unit ${specialty}`,
      code: specialty.toUpperCase().replace('_', '').slice(0, 12),
      specialties: [specialty],
      reviewSlaHours: 48,
      dailyInterviewCapacity: 8,
      maxOpenReviews: null,
      scorecard: [{ criterion: 'research', description: 'Research depth' }],
    });
    unitBySpecialty[specialty] = unit.id as string;
  }
  const recruiterEmail = 'recruiter@bench-fasttrack.example.com';
  await call('POST', '/users', admin, {
    email: recruiterEmail,
    name: 'Bench recruiter',
    password: PASSWORD,
    roles: ['recruiter'],
    businessUnitIds: [],
  });
  const recruiter = await login(recruiterEmail, PASSWORD);
  const hour = 3600_000;
  const event = async (tag: string, capacity: number): Promise<Setup> => {
    const now = Date.now();
    const created = await call('POST', '/events', recruiter, {
      title: `Bench fast-track fair (${tag})`,
      slug: `bench-fasttrack-${tag}`,
      city: 'Beijing',
      venue: 'Hall 1',
      online: false,
      timezone: 'Asia/Shanghai',
      startsAt: new Date(now + 240 * hour).toISOString(),
      endsAt: new Date(now + 248 * hour).toISOString(),
      registrationOpensAt: new Date(now - hour).toISOString(),
      registrationClosesAt: new Date(now + 200 * hour).toISOString(),
      capacity,
      specialties: [...SPECIALTIES],
      businessUnitIds: Object.values(unitBySpecialty),
      writtenTestPassScore: 60,
      interviewMinutes: 45,
      bufferMinutes: 15,
    });
    const eventId = created.id as string;
    await call('POST', `/events/${eventId}/publish`, recruiter);
    await call('PUT', `/events/${eventId}/waiver-policy`, recruiter, {
      rules: [{ name: 'phd', when: { field: 'degree', op: 'eq', value: 'phd' }, waive: true }],
    });
    await call('PUT', `/events/${eventId}/routing-rules`, recruiter, {
      strategy: 'least_loaded',
      rules: SPECIALTIES.map((specialty) => ({
        specialty,
        businessUnitId: unitBySpecialty[specialty],
        weight: 1,
      })),
    });
    return { eventId, slug: created.slug as string, unitBySpecialty };
  };
  return { recruiter, event };
}

const DEGREES_OTHER = ['master', 'bachelor', 'other'] as const;

/** Candidate i: every even one a PhD (fast track); first specialty cycles through the three. */
const body = (i: number, tag: string): Json => {
  const first = Math.floor(i / 2) % SPECIALTIES.length;
  return {
    name: `候选人 ${tag} ${i}`,
    email: `${tag}-${i}@bench-fasttrack.example.com`,
    city: i % 3 === 0 ? 'Shanghai' : 'Beijing',
    specialties: [SPECIALTIES[first], SPECIALTIES[(first + 1) % SPECIALTIES.length]],
    degree: i % 2 === 0 ? 'phd' : DEGREES_OTHER[Math.floor(i / 2) % DEGREES_OTHER.length],
    yearsOfExperience: i % 12,
    consent: { privacyPolicyVersion: '2025-01', shareWithBusinessUnits: true },
  };
};

async function rush(slug: string, tag: string, amount: number, connections: number, overallRate?: number) {
  const timed = timedRequests((n) => body(n, tag));
  const result = await autocannon({
    url: `${BASE}/api/v1/public/events/${slug}/registrations`,
    connections,
    amount,
    overallRate,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: timed.requests,
  });
  // autocannon's own rate is over whole seconds (see timedRequests): the run's own time instead.
  return {
    ...result,
    perSecond: result.requests.total / timed.seconds(),
    slow: slowBursts(timed.latencies(), TARGET_REGISTRATION_P99_MS),
  };
}

async function drain(pool: Pool, eventId: string, expected: number, log = false): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  let lastLog = 0;
  for (;;) {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM registrations WHERE event_id = $1`, [
      eventId,
    ]);
    const left = await stillInIntake(pool, eventId);
    if (rows[0].n >= expected && left === 0) return;
    if (Date.now() > deadline) throw new Error(`intake did not drain: ${left} registrations still owed`);
    if (log && Date.now() - lastLog > 5000) {
      lastLog = Date.now();
      console.log(`  … ${left} registrations still in intake (load ${load()})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Sample {
  active: number;
  idleInTransaction: number;
  idleInTransactionWorkers: number;
  lockWaits: number;
  routingLockWaits: number;
  clientReadWaits: number;
  walWaits: number;
}

/** Samples what the API's database sessions are doing, every 100 ms, until stopped. */
function sampleSessions(pool: Pool): { stop: () => Promise<Sample[]> } {
  const samples: Sample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await pool.query(
        `SELECT count(*) FILTER (WHERE state = 'active')::int AS active,
                count(*) FILTER (WHERE state = 'idle in transaction')::int AS "idleInTransaction",
                count(*) FILTER (WHERE state = 'idle in transaction' AND application_name = 'hirefair-worker')::int
                  AS "idleInTransactionWorkers",
                count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS "lockWaits",
                count(*) FILTER (WHERE wait_event_type = 'Lock' AND query ILIKE '%routing_configs%')::int
                  AS "routingLockWaits",
                count(*) FILTER (WHERE wait_event = 'ClientRead' AND state <> 'idle')::int AS "clientReadWaits",
                count(*) FILTER (WHERE wait_event_type = 'IO' AND wait_event ILIKE 'WAL%')::int AS "walWaits"
           FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'hirefair-%'`,
      );
      samples.push(rows[0]);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

interface JobTimes {
  timestamp: number;
  processedOn: number;
  finishedOn: number;
  attempts: number;
  /** `batched` (it ran its event's intake), `done` (a batch had taken it), `missing`. */
  outcome: string;
}

/** The intake jobs' own timestamps (added by the relay, taken by a worker, finished), from Redis. */
async function intakeJobTimes(): Promise<Map<string, JobTimes>> {
  const queue = new Queue(QueueName.Intake, {
    connection: redisOptions(REDIS_URL),
    prefix: bullPrefix(QUEUE_PREFIX),
  });
  try {
    const jobs = await queue.getJobs(['completed'], 0, -1);
    const byRegistration = new Map<string, JobTimes>();
    for (const job of jobs) {
      if (job.name !== IntakeJob.Evaluate) continue;
      const id = (job.data as { registrationId?: string }).registrationId;
      if (!id || !job.processedOn || !job.finishedOn) continue;
      const previous = byRegistration.get(id);
      // A reconciled duplicate only checks and finds nothing owed: keep the job that did the work.
      if (previous && previous.timestamp <= job.timestamp) continue;
      byRegistration.set(id, {
        timestamp: job.timestamp,
        processedOn: job.processedOn,
        finishedOn: job.finishedOn,
        attempts: job.attemptsMade,
        outcome: String(job.returnvalue),
      });
    }
    return byRegistration;
  } finally {
    await queue.close();
  }
}

interface Row {
  id: string;
  degree: string;
  lane: string | null;
  created: number;
  laneAt: number | null;
  routed: number | null;
  relayed: number | null;
}

async function main(): Promise<void> {
  console.log(
    `fresh database ${DATABASE_URL}; ${CANDIDATES} candidates (half PhD), capacity ${CANDIDATES}, ` +
      `${CONNECTIONS} connections, workers ${WORKERS}, queue prefix ${QUEUE_PREFIX}; load average at start ${load()}`,
  );
  await freshDatabase(DATABASE_URL);
  const pool = new Pool({ connectionString: DATABASE_URL, max: 4, application_name: 'bench' });
  const api = start('api');
  const worker = WORKERS === 'separate' ? start('worker') : null;
  let failed = false;
  try {
    await waitUntilUp(`${BASE}/health/ready`, api);
    const { event } = await setUp();
    const peakAfterSetUp = peakRssMb(api.pid as number);
    // Warm-up on another event (JIT, pools, prepared paths), drained before the measured rush.
    if (WARMUP > 0) {
      const warm = await event('warm', WARMUP);
      await rush(warm.slug, 'warm', WARMUP, 16);
      await drain(pool, warm.eventId, WARMUP);
    }
    const peakAfterWarmUp = peakRssMb(api.pid as number);
    const measured = await event('rush', CANDIDATES);
    const loadBefore = load();
    const sampler = sampleSessions(pool);
    const wallStart = Date.now();
    const http = await rush(measured.slug, 'rush', CANDIDATES, CONNECTIONS);
    const rushSeconds = (Date.now() - wallStart) / 1000;
    const peakAfterRush = peakRssMb(api.pid as number);
    const leftAfterRush = await stillInIntake(pool, measured.eventId);
    console.log(`rush done in ${rushSeconds.toFixed(1)} s; ${leftAfterRush} still in intake; waiting…`);
    await drain(pool, measured.eventId, CANDIDATES, true);
    const drainSeconds = (Date.now() - wallStart) / 1000;
    const samples = await sampler.stop();
    const loadAfter = load();

    const { rows } = await pool.query<Row>(
      `SELECT r.id, r.degree, r.lane,
              extract(epoch FROM r.created_at) * 1000 AS created,
              extract(epoch FROM (SELECT max(t.at) FROM registration_timeline t
                                   WHERE t.registration_id = r.id AND t.field = 'lane')) * 1000 AS "laneAt",
              extract(epoch FROM r.routed_at) * 1000 AS routed,
              extract(epoch FROM (SELECT o.relayed_at FROM outbox o WHERE o.job_id = 'intake-' || r.id::text)) * 1000
                AS relayed
         FROM registrations r WHERE r.event_id = $1`,
      [measured.eventId],
    );
    const num = (v: unknown): number => Number(v);
    const jobs = await intakeJobTimes();
    const fast = rows.filter((r) => r.lane === 'fast_track' && r.routed !== null);
    const std = rows.filter((r) => r.lane === 'standard');
    const toRouted = summary(fast.map((r) => num(r.routed) - num(r.created)));
    const part = (list: Row[], f: (r: Row, j: JobTimes) => number) =>
      summary(list.flatMap((r) => (jobs.has(r.id) ? [f(r, jobs.get(r.id) as JobTimes)] : [])));
    // A registering statement owes one intake job, its first registration's; its rows share the
    // transaction's now(), so a registration's statement job is the one of its created_at.
    const statementJob = new Map<number, JobTimes>();
    for (const r of rows) if (jobs.has(r.id)) statementJob.set(num(r.created), jobs.get(r.id) as JobTimes);
    const viaStatement = (list: Row[], f: (r: Row, j: JobTimes) => number) =>
      summary(
        list.flatMap((r) => {
          const j = jobs.get(r.id) ?? statementJob.get(num(r.created));
          return j ? [f(r, j)] : [];
        }),
      );
    const relay = viaStatement(fast, (r, j) => j.timestamp - num(r.created));
    const queueWait = viaStatement(fast, (_r, j) => j.processedOn - j.timestamp);
    const toLane = summary(fast.map((r) => num(r.laneAt) - num(r.created)));
    const laneToRouted = summary(fast.map((r) => num(r.routed) - num(r.laneAt)));
    const runFast = part(fast, (_r, j) => j.finishedOn - j.processedOn);
    const runStd = part(std, (_r, j) => j.finishedOn - j.processedOn);
    const outcomes = new Map<string, number>();
    for (const j of jobs.values()) outcomes.set(j.outcome, (outcomes.get(j.outcome) ?? 0) + 1);
    // One intake batch writes its lanes with one timestamp, one routing batch its routed_at.
    const batchSizes = (times: number[]) => {
      const sizes = new Map<number, number>();
      for (const t of times) sizes.set(t, (sizes.get(t) ?? 0) + 1);
      return summary([...sizes.values()]);
    };
    const retried = [...jobs.values()].filter((j) => j.attempts > 1).length;
    const created = rows.map((r) => num(r.created));
    const laneAts = rows.flatMap((r) => (r.laneAt === null ? [] : [num(r.laneAt)]));
    const intakeWindow = (Math.max(...laneAts) - Math.min(...created)) / 1000;
    const commitWindow = (Math.max(...created) - Math.min(...created)) / 1000;
    const routedAts = fast.map((r) => num(r.routed));
    const intakeBatches = batchSizes(laneAts);
    const routingBatches = batchSizes(routedAts);
    const routingWindow = (Math.max(...routedAts) - Math.min(...created)) / 1000;
    const lastCommit = Math.max(...created);
    const routedDuringRush = routedAts.filter((t) => t <= lastCommit).length;
    const routedAfter = routedAts.filter((t) => t > lastCommit);
    const afterWindow = (Math.max(...routedAts) - lastCommit) / 1000;

    const { rows: check } = await pool.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE degree = 'phd')::int AS phd,
              count(*) FILTER (WHERE NOT coalesce(
                status = 'registered' AND CASE WHEN degree = 'phd'
                  THEN lane = 'fast_track' AND stage = 'routed' AND waiver->>'rule' = 'phd'
                       AND business_unit_id = ($2::jsonb ->> specialties[1])::uuid AND routed_at IS NOT NULL
                  ELSE lane = 'standard' AND stage = 'test_required' AND business_unit_id IS NULL
                       AND (waiver->>'granted')::boolean = false
                END, false))::int AS mismatches,
              (SELECT count(*)::int FROM (SELECT candidate_id FROM registrations WHERE event_id = $1
                 GROUP BY candidate_id HAVING count(*) > 1) d) AS duplicates
         FROM registrations WHERE event_id = $1`,
      [measured.eventId, JSON.stringify(measured.unitBySpecialty)],
    );
    const { total, phd, duplicates } = check[0];
    const mismatches = check[0].mismatches + Math.max(0, CANDIDATES - total);
    const avg = (f: (s: Sample) => number) =>
      samples.reduce((s, x) => s + f(x), 0) / Math.max(1, samples.length);
    const max = (f: (s: Sample) => number) => Math.max(0, ...samples.map(f));
    const rss = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${api.pid}/status`, 'utf8'))?.[1] ?? 0);

    const lines = [
      '',
      `load average (1/5/15 min): before the rush ${loadBefore}, after the drain ${loadAfter}`,
      `registrations: ${total} (${phd} PhD), HTTP 2xx ${http['2xx']}, non-2xx ${http.non2xx}, errors ${http.errors}, duplicates ${duplicates}`,
      '',
      `| | value |`,
      `|---|---|`,
      `| registration req/s (autocannon, ${CONNECTIONS} connections, intake running alongside) | ${http.perSecond.toFixed(0)} |`,
      `| HTTP latency p50 / p99 | ${http.latency.p50} ms / ${http.latency.p99} ms |`,
      `| target: registration p99 under ${TARGET_REGISTRATION_P99_MS} ms | ${http.latency.p99 < TARGET_REGISTRATION_P99_MS ? 'met' : 'NOT met'} |`,
      `| fast track, commit → routed: p50 / p99 / max (n = ${fast.length}) | ${ms(toRouted.p50)} / ${ms(toRouted.p99)} / ${ms(toRouted.max)} ms |`,
      `| target: fast-track routed within ${TARGET_P99_MS} ms p99 | ${toRouted.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'} |`,
      `| intake jobs/s (${laneAts.length} evaluated / ${intakeWindow.toFixed(1)} s first commit → last lane) | ${(laneAts.length / intakeWindow).toFixed(1)} |`,
      `| registration commits/s (first → last created_at, ${commitWindow.toFixed(1)} s) | ${(total / Math.max(0.001, commitWindow)).toFixed(1)} |`,
      `| fast-track routings/s (first commit → last routed_at, ${routingWindow.toFixed(1)} s) | ${(fast.length / routingWindow).toFixed(1)} |`,
      `| … of which during the rush (${routedDuringRush} by the last commit, ${commitWindow.toFixed(1)} s) / after it (${routedAfter.length} in ${afterWindow.toFixed(1)} s) | ${(routedDuringRush / Math.max(0.001, commitWindow)).toFixed(1)} / ${(routedAfter.length / Math.max(0.001, afterWindow)).toFixed(1)} |`,
      `| mismatches (must be 0) | ${mismatches} |`,
      '',
      http.slow,
      `fast track, commit → routed, by part (p50 / p99 / max ms; n = ${fast.length}):`,
      `  commit → own (statement's) intake job in Redis (outbox relay)  ${ms(relay.p50)} / ${ms(relay.p99)} / ${ms(relay.max)} (n = ${relay.n})`,
      `  own (statement's) job in Redis → taken by a worker (queue wait) ${ms(queueWait.p50)} / ${ms(queueWait.p99)} / ${ms(queueWait.max)} (n = ${queueWait.n})`,
      `  commit → lane written (by its event's intake batch) ${ms(toLane.p50)} / ${ms(toLane.p99)} / ${ms(toLane.max)}`,
      `  lane written → routed_at (same batch)           ${ms(laneToRouted.p50)} / ${ms(laneToRouted.p99)} / ${ms(laneToRouted.max)}`,
      `intake batches: ${intakeBatches.n} for ${laneAts.length} registrations (size p50 ${intakeBatches.p50} / mean ${intakeBatches.mean.toFixed(1)} / max ${intakeBatches.max}); ` +
        `routing batches: ${routingBatches.n} (size p50 ${routingBatches.p50} / mean ${routingBatches.mean.toFixed(1)} / max ${routingBatches.max})`,
      `intake jobs by outcome (warm-up included; ${rows.filter((r) => jobs.has(r.id)).length} jobs for the rush's ${rows.length} registrations): ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}; job run p50 / p99 / mean ms: ` +
        `fast track ${ms(runFast.p50)} / ${ms(runFast.p99)} / ${ms(runFast.mean)}, standard ${ms(runStd.p50)} / ${ms(runStd.p99)} / ${ms(runStd.mean)}`,
      `jobs retried: ${retried}`,
      `database sessions of the API (pg_stat_activity every 100 ms, ${samples.length} samples, mean / max):`,
      `  active ${avg((s) => s.active).toFixed(1)} / ${max((s) => s.active)}, idle in transaction ${avg((s) => s.idleInTransaction).toFixed(1)} / ${max((s) => s.idleInTransaction)} (the workers' ${avg((s) => s.idleInTransactionWorkers).toFixed(1)} / ${max((s) => s.idleInTransactionWorkers)}), ` +
        `waiting on a lock ${avg((s) => s.lockWaits).toFixed(1)} / ${max((s) => s.lockWaits)} (routing_configs row ${avg((s) => s.routingLockWaits).toFixed(1)} / ${max((s) => s.routingLockWaits)}), ` +
        `WAL I/O ${avg((s) => s.walWaits).toFixed(1)} / ${max((s) => s.walWaits)}`,
      `rush ${rushSeconds.toFixed(1)} s, rush + drain ${drainSeconds.toFixed(1)} s; API peak RSS ${(rss / 1024).toFixed(0)} MB (peak by then: set-up and sign-ins ${peakAfterSetUp.toFixed(0)}, warm-up ${peakAfterWarmUp.toFixed(0)}, rush ${peakAfterRush.toFixed(0)} MB)`,
    ];
    console.log(lines.join('\n'));
    if (TRICKLE > 0) {
      const trickle = await event('trickle', TRICKLE);
      const t0 = Date.now();
      const slow = await rush(trickle.slug, 'trickle', TRICKLE, 1, TRICKLE_RATE);
      const trickleSeconds = (Date.now() - t0) / 1000;
      await drain(pool, trickle.eventId, TRICKLE);
      const { rows: quiet } = await pool.query(
        `SELECT extract(epoch FROM routed_at - created_at) * 1000 AS ms FROM registrations
          WHERE event_id = $1 AND lane = 'fast_track' AND routed_at IS NOT NULL`,
        [trickle.eventId],
      );
      const q = summary(quiet.map((r) => Number(r.ms)));
      console.log(
        `without a rush (${TRICKLE} registrations, 1 connection at ${TRICKLE_RATE}/s, ` +
          `${(TRICKLE / trickleSeconds).toFixed(0)} req/s, HTTP p50 ${slow.latency.p50} ms / p99 ${slow.latency.p99} ms): ` +
          `fast track commit → routed p50 ${ms(q.p50)} / p99 ${ms(q.p99)} / max ${ms(q.max)} ms (n = ${quiet.length}); load ${load()}`,
      );
    }
    if (mismatches > 0 || duplicates > 0) {
      console.error(`FAILED: ${mismatches} mismatches, ${duplicates} duplicates`);
      failed = true;
    }
  } finally {
    await stopAll(api, worker);
    await pool.end();
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
