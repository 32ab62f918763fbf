import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventsService, Page, RegistrationBatchService } from '@hirefair/core';
import { ApiDoc, PageOf } from '../common/api-docs';
import { Public, RateLimited } from '../common/auth.decorators';
import { Idempotent } from '../common/idempotency.interceptor';
import { PageQueryDto } from '../common/page-query.dto';
import { AccessLinkAcceptedDto, AccessLinkRequestDto } from './dto/access-link.dto';
import { PublicEventDto, RegistrationReceiptDto } from './dto/public-event.dto';
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
  @ApiDoc('List the events open to the public, soonest first', PageOf(PublicEventDto))
  list(@Query() query: PageQueryDto): Promise<Page<PublicEventDto>> {
    return this.events.listPublic(query);
  }

  @Get(':slug')
  @ApiDoc('Get one public event by its slug (a draft or cancelled event is 404)', PublicEventDto)
  get(@Param('slug') slug: string): Promise<PublicEventDto> {
    return this.events.getPublic(slug);
  }

  /** Registers a candidate: 201 {registrationId, status, candidateToken}. */
  @Idempotent()
  @Post(':slug/registrations')
  @ApiDoc('Register for an event (a seat, or the waitlist when it is full)', RegistrationReceiptDto, {
    created: true,
  })
  register(@Param('slug') slug: string, @Body() dto: RegistrationDto): Promise<RegistrationReceiptDto> {
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
