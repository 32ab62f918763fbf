/**
 * npm run bench:import — a CSV import of BENCH_ROWS (50,000) registrations into one event, on the
 * built API with its workers in-process (the default install) and a fresh database; everything set
 * up through the HTTP API. Of the rows, 1% are invalid (a bad email) and 1% repeat an earlier email
 * of the file; the event's capacity is 80% of the rows, so the rest are waitlisted.
 *
 * Prints: the upload's time and size, the import's wall time from upload to `completed` (and the
 * progress as it goes), rows per second, the counts, and checks that the counts are exact and that
 * the registrations in the database are the accepted rows, seats not oversold (exit 1 otherwise).
 *
 * Environment: BENCH_DATABASE_URL (…/hirefair_bench_import, dropped and recreated), BENCH_REDIS_URL,
 * BENCH_ROWS (50000), BENCH_PORT (default: a free one), BENCH_NODE_ARGS (extra node arguments for the API process).
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { Json, apiClient, freePort, freshDatabase, startBuilt, stopAll, waitUntilUp } from './support';

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hirefair_bench_import';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
let PORT = Number(process.env.BENCH_PORT ?? 0);
let BASE = '';
const PLATFORM_ADMIN = { email: 'bench-platform@hirefair.local', password: 'bench-platform-password' };
const PASSWORD = 'bench-password-123';
const TIMEOUT_MS = 30 * 60_000;

function file(): { csv: string; invalid: number; duplicates: number } {
  const lines = [
    'name,email,phone,city,specialties,degree,yearsOfExperience,githubUrl,expectedMonthlySalaryCny,' +
      'consentPrivacyPolicyVersion,consentShareWithBusinessUnits',
  ];
  let invalid = 0;
  let duplicates = 0;
  const cities = ['Beijing', 'Shanghai', 'Shenzhen', 'Hangzhou', 'Guangzhou'];
  const specialties = ['nlp;deep_learning', 'computer_vision', 'robotics|autonomous_driving'];
  for (let i = 0; i < ROWS; i++) {
    let email = `cand-${i}@bench.example.com`;
    if (i % 100 === 37) {
      email = `cand-${i}-at-bench.example.com`;
      invalid++;
    } else if (i % 100 === 73) {
      email = `cand-${i - 1}@bench.example.com`;
      duplicates++;
    }
    lines.push(
      [
        `候选人 ${i}`,
        email,
        `+86 138 ${String(i).padStart(8, '0')}`,
        cities[i % cities.length],
        specialties[i % specialties.length],
        ['bachelor', 'master', 'phd'][i % 3],
        String(i % 15),
        `https://github.com/cand${i}`,
        String(15000 + (i % 30) * 1000),
        '2025-01',
        'true',
      ].join(','),
    );
  }
  return { csv: `${lines.join('\n')}\n`, invalid, duplicates };
}

async function main(): Promise<void> {
  PORT ||= await freePort();
  BASE = `http://127.0.0.1:${PORT}`;
  const { call, login } = apiClient(BASE);
  await freshDatabase(DATABASE_URL);
  const api = startBuilt('api', {
    DATABASE_URL,
    REDIS_URL,
    PORT: String(PORT),
    QUEUE_PREFIX: `hirefair-bench-import-${Date.now()}`,
    PLATFORM_ADMIN_EMAIL: PLATFORM_ADMIN.email,
    PLATFORM_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
  });
  let failed = false;
  try {
    await waitUntilUp(`${BASE}/health/ready`, api);
    const platform = await login(PLATFORM_ADMIN.email, PLATFORM_ADMIN.password);
    const adminEmail = 'admin@bench-import.example.com';
    await call('POST', '/organizations', platform, {
      name: 'Bench import',
      slug: 'bench-import',
      admin: { email: adminEmail, name: 'Bench admin', password: PASSWORD },
    });
    const admin = await login(adminEmail, PASSWORD);
    await call('POST', '/users', admin, {
      email: 'recruiter@bench-import.example.com',
      name: 'Bench recruiter',
      password: PASSWORD,
      roles: ['recruiter'],
      businessUnitIds: [],
    });
    const recruiter = await login('recruiter@bench-import.example.com', PASSWORD);
    const hour = 3600_000;
    const now = Date.now();
    const capacity = Math.floor(ROWS * 0.8);
    const event = await call('POST', '/events', recruiter, {
      title: 'Bench import fair',
      slug: 'bench-import-fair',
      city: 'Beijing',
      venue: 'Hall 1',
      online: false,
      timezone: 'Asia/Shanghai',
      startsAt: new Date(now + 240 * hour).toISOString(),
      endsAt: new Date(now + 248 * hour).toISOString(),
      registrationOpensAt: new Date(now - hour).toISOString(),
      registrationClosesAt: new Date(now + 200 * hour).toISOString(),
      capacity,
      specialties: ['nlp'],
      businessUnitIds: [],
      writtenTestPassScore: 60,
      interviewMinutes: 45,
      bufferMinutes: 15,
    });
    const { csv, invalid, duplicates } = file();
    console.log(
      `file: ${ROWS} rows, ${(csv.length / 1024 / 1024).toFixed(1)} MB (UTF-16 length), load ${loadavg()[0].toFixed(2)}`,
    );
    const t0 = performance.now();
    const created = await call(
      'POST',
      `/events/${event.id as string}/registrations/import`,
      recruiter,
      csv,
      'text/csv',
    );
    const uploadMs = performance.now() - t0;
    console.log(`upload: ${uploadMs.toFixed(0)} ms → ${created.status as string}`);
    let view: Json = created;
    let lastPrint = 0;
    while (!['completed', 'failed'].includes(view.status as string)) {
      if (performance.now() - t0 > TIMEOUT_MS) throw new Error('the import did not finish in time');
      await new Promise((r) => setTimeout(r, 500));
      view = await call('GET', `/imports/${created.id as string}`, recruiter);
      if (performance.now() - lastPrint > 10_000) {
        lastPrint = performance.now();
        console.log(
          `  ${((performance.now() - t0) / 1000).toFixed(0)} s: ${view.processedRows as number}/${(view.totalRows as number) ?? '?'} rows`,
        );
      }
    }
    const totalMs = performance.now() - t0;
    const started = new Date(view.startedAt as string).getTime();
    const finished = new Date(view.finishedAt as string).getTime();
    console.log(
      `import: ${view.status as string} in ${(totalMs / 1000).toFixed(1)} s from upload (worker ${((finished - started) / 1000).toFixed(1)} s), ` +
        `${(ROWS / (totalMs / 1000)).toFixed(0)} rows/s; accepted ${view.accepted as number}, rejected ${view.rejected as number}, ` +
        `duplicates ${view.duplicates as number}; load ${loadavg()[0].toFixed(2)}`,
    );
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    const {
      rows: [db],
    } = await client.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'registered')::int AS registered,
              (SELECT count(*)::int FROM mail_messages) AS mails, (SELECT registered FROM event_seats WHERE event_id = $1) AS seats
         FROM registrations WHERE event_id = $1`,
      [event.id],
    );
    await client.end();
    console.log(
      `database: ${db.total} registrations (${db.registered} registered, seats ${db.seats}/${capacity}), ${db.mails} mails`,
    );
    const expected = ROWS - invalid - duplicates;
    const checks = {
      completed: view.status === 'completed',
      accepted: view.accepted === expected,
      rejected: view.rejected === invalid,
      duplicates: view.duplicates === duplicates,
      registrations: db.total === expected,
      notOversold: db.registered === Math.min(capacity, expected) && db.seats === db.registered,
    };
    console.log('checks:', JSON.stringify(checks));
    failed = Object.values(checks).some((ok) => !ok);
  } finally {
    await stopAll(api);
  }
  if (failed) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
