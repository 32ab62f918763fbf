import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Page, RegistrationsStaffService, Role, StaffActor } from '@hirefair/core';
import { ApiDoc, PageOf } from '../common/api-docs';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { Idempotent } from '../common/idempotency.interceptor';
import { CheckInDto, CheckInResponseDto, RegistrationQueryDto } from './dto/registration-query.dto';
import { RegistrationDetailDto, RegistrationStaffDto } from './dto/registration-response.dto';
import { toRegistrationDetailDto, toRegistrationStaffDto } from './dto/registration-response.mapper';

@ApiTags('registrations')
@Controller()
export class RegistrationsController {
  constructor(private readonly registrations: RegistrationsStaffService) {}

  /** JSON pages, or with `Accept: text/csv` every matching row as a streamed CSV. */
  @Roles(Role.Recruiter)
  @ApiOperation({ summary: "An event's registrations, filtered: JSON pages, or every row as CSV" })
  @ApiOkResponse({
    description: 'A page of registrations, or with `Accept: text/csv` the whole CSV',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(PageOf(RegistrationStaffDto)) } },
      'text/csv': { schema: { type: 'string', example: 'id,seq,status,lane,stage,…\r\n' } },
    },
  })
  @ApiExtraModels(PageOf(RegistrationStaffDto))
  @Get('events/:id/registrations')
  async list(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Query() query: RegistrationQueryDto,
    @Headers('accept') accept?: string,
  ): Promise<StreamableFile | Page<RegistrationStaffDto>> {
    if (accept?.includes('text/csv'))
      return new StreamableFile(await this.registrations.exportCsv(actor, id, query), {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="registrations-${id}.csv"`,
      });
    const page = await this.registrations.list(actor, id, query);
    return { items: page.items.map(toRegistrationStaffDto), nextCursor: page.nextCursor };
  }

  /**
   * The full record with `timeline[]`, plus `businessUnit` ({id, name, code, scorecard[]}: the routed unit, whose
   * scorecard a decision is scored on) and `otherBusinessUnits` ([{id, name, code}]: where a reviewer can reroute).
   */
  @Roles(Role.Recruiter, Role.BuReviewer)
  @Get('registrations/:id')
  @ApiDoc('One registration with its timeline, its unit and where it can be rerouted', RegistrationDetailDto)
  async get(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<RegistrationDetailDto> {
    return toRegistrationDetailDto(await this.registrations.get(actor, id));
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
