import { Body, Controller, Get, Headers, Param, Put, Query, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MarketBenchmarksService, ReportsService, Role, StaffActor } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { MarketBenchmarksBodyDto, ReportChartQueryDto } from './dto/report.dto';

@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly market: MarketBenchmarksService,
  ) {}

  /** The event report as JSON, or with `Accept: text/csv` as a long table section,key,metric,value. */
  @Roles(Role.Recruiter)
  @ApiProduces('application/json', 'text/csv')
  @Get('events/:id/report')
  async report(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Headers('accept') accept?: string,
  ) {
    return accept?.includes('text/csv')
      ? new StreamableFile(Buffer.from(await this.reports.csv(actor, id), 'utf8'), {
          type: 'text/csv; charset=utf-8',
          disposition: `attachment; filename="report-${id}.csv"`,
        })
      : this.reports.report(actor, id);
  }

  /** One chart of the report as a standalone SVG document. */
  @Roles(Role.Recruiter)
  @ApiProduces('image/svg+xml')
  @Get('events/:id/report.svg')
  async chart(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Query() query: ReportChartQueryDto,
  ) {
    return new StreamableFile(Buffer.from(await this.reports.chart(actor, id, query.chart), 'utf8'), {
      type: 'image/svg+xml; charset=utf-8',
      disposition: `inline; filename="report-${id}-${query.chart}.svg"`,
    });
  }

  @Roles(Role.Recruiter)
  @Get('market-benchmarks')
  getMarket(@CurrentStaff() actor: StaffActor) {
    return this.market.get(actor);
  }

  @Roles(Role.Recruiter)
  @Put('market-benchmarks')
  @ApiBody({ type: MarketBenchmarksBodyDto })
  putMarket(@CurrentStaff() actor: StaffActor, @Body() body: object) {
    return this.market.put(actor, body);
  }
}
