import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BusinessUnitsModule } from '../business-units/business-units.module';
import { EventsModule } from '../events/events.module';
import { InterviewsModule } from '../interviews/interviews.module';
import { MarketBenchmark } from './market-benchmark.entity';
import { MarketBenchmarksService } from './market-benchmarks.service';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

const SERVICES = [ReportsRepository, ReportsService, MarketBenchmarksService];

/** Event reports (JSON, CSV, SVG charts) and the organizations' market reference tables. */
@Module({
  imports: [TypeOrmModule.forFeature([MarketBenchmark]), BusinessUnitsModule, EventsModule, InterviewsModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class ReportsModule {}
