import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RegistrationsStaffService, Role, StaffActor } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { Idempotent } from '../common/idempotency.interceptor';
import { CheckInDto, CheckInResponseDto, RegistrationQueryDto } from './dto/registration-query.dto';

@ApiTags('registrations')
@Controller()
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsStaffService) {}

  /** JSON pages, or with `Accept: text/csv` every matching row as a streamed CSV. */
  @Roles(Role.Recruiter)
  @ApiProduces('application/json', 'text/csv')
  @Get('events/:id/registrations')
  async list(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Query() query: RegistrationQueryDto,
    @Headers('accept') accept?: string,
  ) {
    return accept?.includes('text/csv')
      ? new StreamableFile(await this.registrations.exportCsv(actor, id, query), {
          type: 'text/csv; charset=utf-8',
          disposition: `attachment; filename="registrations-${id}.csv"`,
        })
      : this.registrations.list(actor, id, query);
  }

  /**
   * The full record with `timeline[]`, plus `businessUnit` ({id, name, code, scorecard[]}: the routed unit, whose
   * scorecard a decision is scored on) and `otherBusinessUnits` ([{id, name, code}]: where a reviewer can reroute).
   */
  @Roles(Role.Recruiter, Role.BuReviewer)
  @Get('registrations/:id')
  get(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.registrations.get(actor, id);
  }

  /** Fair-day arrival by registrationId or checkInCode; repeats answer the first arrival. */
  @Roles(Role.Recruiter)
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a registered candidate in at the door (idempotent)' })
  @ApiOkResponse({ type: CheckInResponseDto })
  @Post('events/:id/check-ins')
  checkIn(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() dto: CheckInDto,
  ): Promise<CheckInResponseDto> {
    return this.registrations.checkIn(actor, id, dto);
  }
}
