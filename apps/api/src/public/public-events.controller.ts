import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EventsService, RegistrationBatchService } from '@hirefair/core';
import { Public, RateLimited } from '../common/auth.decorators';
import { Idempotent } from '../common/idempotency.interceptor';
import { PageQueryDto } from '../common/page-query.dto';
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
}
