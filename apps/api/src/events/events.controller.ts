import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EventTransition, EventsService, Role, StaffActor } from '@hirefair/core';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { Idempotent } from '../common/idempotency.interceptor';
import { CreateEventDto, EventQueryDto, UpdateEventDto } from './dto/event.dto';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Roles(Role.Recruiter)
  @Idempotent()
  @Post()
  create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateEventDto) {
    return this.events.create(actor, dto);
  }

  @Roles(Role.Recruiter)
  @Get()
  list(@CurrentStaff() actor: StaffActor, @Query() query: EventQueryDto) {
    return this.events.list(actor, query);
  }

  @Roles(Role.Recruiter)
  @Get(':id')
  get(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.events.get(actor, id);
  }

  @Roles(Role.Recruiter)
  @Patch(':id')
  update(@CurrentStaff() actor: StaffActor, @Param('id') id: string, @Body() dto: UpdateEventDto) {
    return this.events.update(actor, id, dto);
  }

  @Roles(Role.Recruiter)
  @HttpCode(200)
  @Post(':id/publish')
  publish(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.events.transition(actor, id, EventTransition.Publish);
  }

  @Roles(Role.Recruiter)
  @HttpCode(200)
  @Post(':id/close')
  close(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.events.transition(actor, id, EventTransition.Close);
  }

  @Roles(Role.Recruiter)
  @HttpCode(200)
  @Post(':id/complete')
  complete(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.events.transition(actor, id, EventTransition.Complete);
  }

  @Roles(Role.Recruiter)
  @HttpCode(200)
  @Post(':id/cancel')
  cancel(@CurrentStaff() actor: StaffActor, @Param('id') id: string) {
    return this.events.transition(actor, id, EventTransition.Cancel);
  }
}
