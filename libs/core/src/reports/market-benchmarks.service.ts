import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { StaffActor } from '../common/actor';
import { organizationOf } from '../common/tenancy';
import { ReportsRepository } from './reports.repository';
import { MARKET_DEFAULTS, MarketBenchmarkRow, validateMarketBenchmarks } from './market-benchmarks';

export interface MarketBenchmarksView {
  /** true while the organization has no table of its own and sees the shipped figures. */
  defaults: boolean;
  rows: MarketBenchmarkRow[];
  updatedAt: Date | null;
}

/** An organization's market reference table; a PUT replaces it whole, `rows: []` restores the defaults. */
@Injectable()
export class MarketBenchmarksService {
  constructor(
    private readonly audit: AuditService,
    private readonly repository: ReportsRepository,
  ) {}

  get(actor: StaffActor): Promise<MarketBenchmarksView> {
    return this.table(this.repository.manager, organizationOf(actor));
  }

  async put(actor: StaffActor, body: unknown): Promise<MarketBenchmarksView> {
    const rows = validateMarketBenchmarks(body);
    const organizationId = organizationOf(actor);
    return this.repository.transaction(async (manager) => {
      await this.repository.replaceBenchmarks(manager, organizationId, rows, actor.userId);
      await this.audit.record(
        actor,
        {
          organizationId,
          action: 'market_benchmarks.replaced',
          objectType: 'organization',
          objectId: organizationId,
          details: { rows: rows.length },
        },
        manager,
      );
      return this.table(manager, organizationId);
    });
  }

  async table(manager: EntityManager, organizationId: string): Promise<MarketBenchmarksView> {
    const stored = await this.repository.benchmarks(manager, organizationId);
    if (stored.length === 0)
      return { defaults: true, rows: MARKET_DEFAULTS.map((r) => ({ ...r })), updatedAt: null };
    return {
      defaults: false,
      rows: stored.map((r) => ({
        specialty: r.specialty,
        city: r.city,
        avgMonthlySalaryCny: r.avgMonthlySalaryCny,
        demandGrowthPct: r.demandGrowthPct,
        shareOfJobsPct: r.shareOfJobsPct,
        cityRank: r.cityRank,
        source: r.source,
      })),
      updatedAt: stored.reduce((max, r) => (r.updatedAt > max ? r.updatedAt : max), stored[0].updatedAt),
    };
  }
}
