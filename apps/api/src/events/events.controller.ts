import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { EventTransition, EventsService, Role, StaffActor } from '@hirefair/core';
import { ApiDoc, PageOf } from '../common/api-docs';
import { CurrentStaff, Roles } from '../common/auth.decorators';
import { Idempotent } from '../common/idempotency.interceptor';
import { CreateEventDto, EventQueryDto, UpdateEventDto } from './dto/event.dto';
import { EventResponseDto, toEventResponse } from './dto/event-response.dto';

type EventPage = { items: EventResponseDto[]; nextCursor: string | null };

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Roles(Role.Recruiter)
  @Idempotent()
  @Post()
  @ApiDoc('Create a draft event (and its seats)', EventResponseDto, { created: true })
  async create(@CurrentStaff() actor: StaffActor, @Body() dto: CreateEventDto): Promise<EventResponseDto> {
    return toEventResponse(await this.events.create(actor, dto));
  }

  @Roles(Role.Recruiter)
  @Get()
  @ApiDoc("List the organization's events, oldest first", PageOf(EventResponseDto))
  async list(@CurrentStaff() actor: StaffActor, @Query() query: EventQueryDto): Promise<EventPage> {
    const page = await this.events.list(actor, query);
    return { items: page.items.map(toEventResponse), nextCursor: page.nextCursor };
  }

  @Roles(Role.Recruiter)
  @Get(':id')
  @ApiDoc('Get one event with its seat counts', EventResponseDto)
  async get(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<EventResponseDto> {
    return toEventResponse(await this.events.get(actor, id));
  }

  @Roles(Role.Recruiter)
  @Patch(':id')
  @ApiDoc('Edit a draft, published or closed event', EventResponseDto, {
    description:
      'A larger capacity promotes waitlisted registrations; a smaller one than the seats taken is refused.',
  })
  async update(
    @CurrentStaff() actor: StaffActor,
    @Param('id') id: string,
    @Body() dto: UpdateEventDto,
  ): Promise<EventResponseDto> {
    return toEventResponse(await this.events.update(actor, id, dto));
  }

  @Roles(Role.Recruiter)
  @HttpCode(200)
  @Post(':id/publish')
  @ApiDoc('Publish the event: it shows on the public pages', EventResponseDto)
  async publish(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<EventResponseDto> {
    return toEventResponse(await this.events.transition(actor, id, EventTransition.Publish));
  }

  @Roles(Role.Recruiter)
  @HttpCode(200)
  @Post(':id/close')
  @ApiDoc('Close the registration of the event', EventResponseDto)
  async close(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<EventResponseDto> {
    return toEventResponse(await this.events.transition(actor, id, EventTransition.Close));
  }

  @Roles(Role.Recruiter)
  @HttpCode(200)
  @Post(':id/complete')
  @ApiDoc('Mark the event completed (starts its retention period)', EventResponseDto)
  async complete(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<EventResponseDto> {
    return toEventResponse(await this.events.transition(actor, id, EventTransition.Complete));
  }

  @Roles(Role.Recruiter)
  @HttpCode(200)
  @Post(':id/cancel')
  @ApiDoc('Cancel the event (its interviews are cancelled with it)', EventResponseDto)
  async cancel(@CurrentStaff() actor: StaffActor, @Param('id') id: string): Promise<EventResponseDto> {
    return toEventResponse(await this.events.transition(actor, id, EventTransition.Cancel));
  }
}
