/**
 * npm run bench:intake-batch — what one intake batch costs per registration, by batch size, and
 * where the time goes: the API without workers (nothing else runs) on a fresh database, one event
 * with the waiver policy "phd" and least_loaded routing over three units, BENCH_CANDIDATES (2000,
 * half PhD) registered through the API and left owed; then, for each size of BENCH_SIZES
 * (500,200,100,50,20), the event is put back to "owed" and its intake run in batches of that size
 * (IntakeService.processEvent), BENCH_REPEAT (2) times.
 *
 * Prints per size: batches, ms per batch, ms per registration, and the statements of a
 * batch by kind (count and share of the time; "js" is the time between statements).
 *
 * Environment: BENCH_DATABASE_URL (…/hirefair_bench_intake_batch, dropped and recreated),
 * BENCH_REDIS_URL, BENCH_CANDIDATES, BENCH_SIZES, BENCH_REPEAT.
 */
import 'reflect-metadata';
import { DataSource, QueryRunner } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { IntakeService } from '@hirefair/core';
import {
  PLATFORM_ADMIN,
  TestApp,
  createEvent,
  createOrganization,
  createTestApp,
  inBatches,
  registrationBody,
  registrationsPath,
  setPipeline,
} from '@hirefair/testing';
import { freshDatabase, loadAverage } from './support';

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hirefair_bench_intake_batch';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? 2000);
const SIZES = (process.env.BENCH_SIZES ?? '500,200,100,50,20').split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 2);
const SPECIALTIES = ['nlp', 'computer_vision', 'robotics'];

/** Statement kinds: the first words of the SQL, without literals. */
const kindOf = (sql: string): string => {
  const s = sql.replace(/\s+/g, ' ').trim();
  const table = /(?:FROM|INTO|UPDATE) "?([a-z_]+)"?/i.exec(s)?.[1] ?? '';
  const verb = s.split(' ')[0].toUpperCase();
  if (/pg_try_advisory/.test(s)) return 'advisory lock';
  if (/pg_notify/.test(s) && verb === 'SELECT') return 'notify';
  if (/^(START|BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK)/i.test(s)) return verb.toLowerCase();
  return `${verb.toLowerCase()} ${table}`;
};

/** Times every statement of every query runner while `on` is set. */
function profileStatements() {
  const times = new Map<string, { n: number; ms: number }>();
  let on = false;
  const original = PostgresQueryRunner.prototype.query;
  PostgresQueryRunner.prototype.query = async function (this: QueryRunner, ...args: unknown[]) {
    if (!on) return (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    const t0 = performance.now();
    try {
      return await (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    } finally {
      const kind = kindOf(String(args[0]));
      const entry = times.get(kind) ?? { n: 0, ms: 0 };
      entry.n += 1;
      entry.ms += performance.now() - t0;
      times.set(kind, entry);
    }
  } as typeof original;
  return {
    start: () => {
      times.clear();
      on = true;
    },
    stop: () => {
      on = false;
      return new Map(times);
    },
  };
}

async function main(): Promise<void> {
  console.log(`fresh database ${DATABASE_URL}; ${CANDIDATES} candidates; load ${loadAverage()}`);
  await freshDatabase(DATABASE_URL);
  const profile = profileStatements();
  const t: TestApp = await createTestApp({
    DATABASE_URL,
    REDIS_URL,
    WORKERS: 'off',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    SMTP_URL: '',
    PUBLIC_RATE_LIMIT: '100000000',
    QUEUE_PREFIX: `hirefair-bench-intake-batch-${Date.now()}`,
    PLATFORM_ADMIN_EMAIL: PLATFORM_ADMIN.email,
    PLATFORM_ADMIN_PASSWORD: PLATFORM_ADMIN.password,
  });
  try {
    const db = t.app.get(DataSource);
    const intake = t.app.get(IntakeService);
    const org = await createOrganization(t.http);
    const recruiter = await org.user(['recruiter']);
    const units = await Promise.all(SPECIALTIES.map((s) => org.unit({ specialties: [s] })));
    const event = await createEvent(t.http, org, {
      capacity: CANDIDATES,
      specialties: SPECIALTIES,
      businessUnitIds: units.map((u) => u.id),
    });
    await setPipeline(
      t.http,
      recruiter.token,
      event.id,
      { rules: [{ name: 'phd', when: { field: 'degree', op: 'eq', value: 'phd' }, waive: true }] },
      {
        strategy: 'least_loaded',
        rules: SPECIALTIES.map((specialty, k) => ({ specialty, businessUnitId: units[k].id, weight: 1 })),
      },
    );
    await inBatches(
      Array.from({ length: CANDIDATES }, (_, i) => i),
      32,
      async (i) => {
        const res = await t.http.post(registrationsPath(event.slug)).send(
          registrationBody({
            degree: i % 2 === 0 ? 'phd' : 'master',
            specialties: [SPECIALTIES[i % 3], SPECIALTIES[(i + 1) % 3]],
          }),
        );
        if (res.status !== 201) throw new Error(`registration ${i}: ${res.status} ${res.text}`);
      },
    );
    console.log(`registered ${CANDIDATES}; load ${loadAverage()}\n`);
    console.log('| batch size | batches | ms per batch | ms per registration | load |');
    console.log('|---|---|---|---|---|');
    const profiles: string[] = [];
    for (const size of SIZES) {
      for (let round = 0; round < REPEAT; round++) {
        await db.query(
          `UPDATE registrations SET lane = NULL, waiver = NULL, stage = 'intake', business_unit_id = NULL,
                  routed_at = NULL, sla_due_at = NULL, unrouted_reason = NULL WHERE event_id = $1`,
          [event.id],
        );
        await db.query(`DELETE FROM outbox WHERE relayed_at IS NULL`);
        await db.query(`VACUUM ANALYZE registrations`);
        await db.query(`VACUUM ANALYZE registration_timeline`);
        await db.query(`VACUUM ANALYZE outbox`);
        profile.start();
        const t0 = performance.now();
        const total = await intake.processEvent(event.id, { batchSize: size, lingerMs: 0 });
        const wall = performance.now() - t0;
        const statements = profile.stop();
        const batches = Math.ceil(total / size);
        console.log(
          `| ${size} | ${batches} | ${(wall / batches).toFixed(0)} | ${(wall / total).toFixed(2)} | ${loadAverage()} |`,
        );
        if (round === REPEAT - 1) {
          const sql = [...statements.values()].reduce((s, e) => s + e.ms, 0);
          const rows = [...statements]
            .sort((a, b) => b[1].ms - a[1].ms)
            .map(
              ([k, v]) =>
                `    ${k}: ${(v.n / batches).toFixed(1)} per batch, ${((100 * v.ms) / wall).toFixed(0)} %`,
            );
          profiles.push(
            `  batch ${size}: ${(wall / total).toFixed(2)} ms per registration; statements ${((100 * sql) / wall).toFixed(0)} %, js ${((100 * (wall - sql)) / wall).toFixed(0)} %\n${rows.join('\n')}`,
          );
        }
      }
    }
    console.log(`\nwhere a batch's time goes:\n${profiles.join('\n')}`);
  } finally {
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
