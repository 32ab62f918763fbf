import { Injectable } from '@nestjs/common';
import { EntityManager, QueryRunner } from 'typeorm';
import { DataSourceRepository } from '../common/data-source.repository';
import { MarketBenchmark } from './market-benchmark.entity';
import { MarketBenchmarkRow } from './market-benchmarks';
import { REPORT_SETTINGS_SQL, REPORT_STATEMENTS } from './report-sql';

export type ReportRow = Record<string, unknown> & {
  kind: 'group' | 'city' | 'specialty';
  dims: number | null;
  lane: string | null;
  unit: string | null;
  city: string | null;
  specialty: string | null;
};
type Row = ReportRow;

/** One row per group (kind, dims, lane, unit), city and specialty, with the columns of every statement. */
function mergeRows(rows: Row[]): Row[] {
  const merged = new Map<string, Row>();
  for (const row of rows) {
    const key = [
      row.kind,
      row.dims ?? '',
      row.lane ?? '',
      row.unit ?? '',
      row.city ?? '',
      row.specialty ?? '',
    ].join('\u0000');
    merged.set(key, { ...merged.get(key), ...row } as Row);
  }
  return [...merged.values()];
}

/**
 * At most a few reports at once per process: each holds three pooled connections until it is
 * done, and reports taking them piecemeal must not be able to exhaust the pool between them.
 */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    return () => {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
const reportSlots = new Slots(3);

/**
 * The statements of reports: the event report's figures (the SQL text in `report-sql.ts`) and the
 * organizations' market reference tables.
 */
@Injectable()
export class ReportsRepository extends DataSourceRepository {
  /**
   * The report's statements (REPORT_STATEMENTS) at once, each on its own connection so that
   * PostgreSQL runs them on separate cores, all in one snapshot (the first transaction exports it,
   * the others import it) so the figures agree with each other exactly as one statement's would.
   * The rows of a group or specialty from each statement are merged into one.
   */
  async figures(eventId: string): Promise<Row[]> {
    const release = await reportSlots.acquire();
    const runners = Object.keys(REPORT_STATEMENTS).map(() => this.dataSource.createQueryRunner());
    const begin = (r: QueryRunner) => r.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let open = false;
    try {
      await Promise.all(runners.map((r) => r.connect()));
      const [lead, ...others] = runners;
      open = true;
      await begin(lead);
      const [{ snapshot }] = (await lead.query('SELECT pg_export_snapshot() AS snapshot')) as {
        snapshot: string;
      }[];
      if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error(`unexpected snapshot id ${snapshot}`);
      await Promise.all(
        others.map(async (r) => {
          await begin(r);
          await r.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
        }),
      );
      const results = await Promise.all(
        Object.values(REPORT_STATEMENTS).map(async (sql, i) => {
          await runners[i].query(REPORT_SETTINGS_SQL);
          return (await runners[i].query(sql, [eventId])) as Row[];
        }),
      );
      await Promise.all(runners.map((r) => r.query('COMMIT')));
      open = false;
      return mergeRows(results.flat());
    } finally {
      await Promise.all(
        runners.map(async (r) => {
          if (open) await r.query('ROLLBACK').catch(() => undefined);
          await r.release();
        }),
      );
      release();
    }
  }

  /** The organization's stored market table, in its order (empty when it has none). */
  benchmarks(manager: EntityManager, organizationId: string): Promise<MarketBenchmark[]> {
    return manager
      .getRepository(MarketBenchmark)
      .find({ where: { organizationId }, order: { position: 'ASC' } });
  }

  /** Replaces the organization's market table whole (in the caller's transaction). */
  async replaceBenchmarks(
    manager: EntityManager,
    organizationId: string,
    rows: MarketBenchmarkRow[],
    updatedBy: string,
  ): Promise<void> {
    // Two replacements at once: the second waits, then replaces the first's table (no unique violation).
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('market_benchmarks:' || $1))`, [
      organizationId,
    ]);
    const repo = manager.getRepository(MarketBenchmark);
    await repo.delete({ organizationId });
    if (rows.length > 0)
      await repo.insert(rows.map((r, position) => ({ ...r, organizationId, position, updatedBy })));
  }
}
