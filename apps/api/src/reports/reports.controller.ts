import { Body, Controller, Get, Headers, Param, Put, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { MarketBenchmarksService, ReportsService, Role, StaffActor } from '@hirefair/core';
import { ApiDoc } from '../common/api-docs';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { MarketBenchmarksBodyDto, ReportChartQueryDto } from './dto/report.dto';
import { EventReportDto, MarketBenchmarksDto } from './dto/report-response.dto';

@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly market: MarketBenchmarksService,
  ) {}

  /** The event report as JSON, or with `Accept: text/csv` as a long table section,key,metric,value. */
  @Roles(Role.Recruiter)
  @ApiOperation({ summary: "The event's report: totals, funnel, lanes, specialties, cities, units, market" })
  @ApiExtraModels(EventReportDto)
  @ApiOkResponse({
    description: 'The report as JSON, or with `Accept: text/csv` as a long table',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(EventReportDto) } },
      'text/csv': {
        schema: { type: 'string', example: 'section,key,metric,value\r\ntotals,,registrations,120\r\n' },
      },
    },
  })
  @Get('events/:id/report')
  async report(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Headers('accept') accept?: string,
  ): Promise<StreamableFile | EventReportDto> {
    return accept?.includes('text/csv')
      ? new StreamableFile(Buffer.from(await this.reports.csv(actor, id), 'utf8'), {
          type: 'text/csv; charset=utf-8',
          disposition: `attachment; filename="report-${id}.csv"`,
        })
      : this.reports.report(actor, id);
  }

  /** One chart of the report as a standalone SVG document. */
  @Roles(Role.Recruiter)
  @ApiOperation({ summary: 'One chart of the report as a standalone SVG document' })
  @ApiOkResponse({
    description: 'The chart',
    content: {
      'image/svg+xml': { schema: { type: 'string', example: '<svg xmlns="http://www.w3.org/2000/svg" …>' } },
    },
  })
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
  @ApiDoc(
    "The organization's market reference table (the shipped one while it has none)",
    MarketBenchmarksDto,
  )
  getMarket(@CurrentStaff() actor: StaffActor): Promise<MarketBenchmarksDto> {
    return this.market.get(actor);
  }

  @Roles(Role.Recruiter)
  @Put('market-benchmarks')
  @ApiDoc('Replace the market reference table (`rows: []` restores the shipped one)', MarketBenchmarksDto)
  @ApiBody({ type: MarketBenchmarksBodyDto })
  putMarket(@CurrentStaff() actor: StaffActor, @Body() body: object): Promise<MarketBenchmarksDto> {
    return this.market.put(actor, body);
  }
}
