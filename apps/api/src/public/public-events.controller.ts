import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventsService, RegistrationBatchService } from '@hirefair/core';
import { Public, RateLimited } from '../common/auth.decorators';
import { Idempotent } from '../common/idempotency.interceptor';
import { PageQueryDto } from '../common/page-query.dto';
import { AccessLinkAcceptedDto, AccessLinkRequestDto } from './dto/access-link.dto';
import { RegistrationDto } from './dto/registration.dto';

@ApiTags('public')
@Public()
@RateLimited()
@Controller('public/events')
export class PublicEventsController {
  constructor(
    private readonly events: EventsService,
    private readonly registrations: RegistrationBatchService,
  ) {}

  @Get()
  list(@Query() query: PageQueryDto) {
    return this.events.listPublic(query);
  }

  @Get(':slug')
  get(@Param('slug') slug: string) {
    return this.events.getPublic(slug);
  }

  /** Registers a candidate: 201 {registrationId, status, candidateToken}. */
  @Idempotent()
  @Post(':slug/registrations')
  register(@Param('slug') slug: string, @Body() dto: RegistrationDto) {
    return this.registrations.register(slug, dto);
  }

  @ApiOperation({
    summary:
      "Email a registered candidate's personal link again (202 whether or not the email is registered)",
  })
  @ApiAcceptedResponse({ type: AccessLinkAcceptedDto })
  @HttpCode(202)
  @Post(':slug/access-link')
  accessLink(@Param('slug') slug: string, @Body() dto: AccessLinkRequestDto): Promise<AccessLinkAcceptedDto> {
    return this.registrations.requestAccessLink(slug, dto.email);
  }
}
