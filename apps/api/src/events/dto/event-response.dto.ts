import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EventStatus, EventWithSeats, HiringEvent } from '@hirefair/core';

export class EventSeatsDto {
  @ApiProperty({ example: 300 })
  capacity: number;

  @ApiProperty({ example: 212 })
  registered: number;

  @ApiProperty({ example: 40 })
  waitlisted: number;

  @ApiProperty({ example: 3 })
  withdrawn: number;
}

export class EventResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty({ example: 'AI Experts Fair Beijing 2026' })
  title: string;

  @ApiProperty({ example: 'ai-experts-beijing-2026' })
  slug: string;

  @ApiProperty({ example: 'Beijing' })
  city: string;

  @ApiProperty({ type: String, nullable: true, example: 'China National Convention Center' })
  venue: string | null;

  @ApiProperty({ example: false })
  online: boolean;

  @ApiProperty({ example: 'Asia/Shanghai' })
  timezone: string;

  @ApiProperty({ example: 'zh-CN' })
  locale: string;

  @ApiProperty({ type: String, format: 'date-time' })
  startsAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  endsAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  registrationOpensAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  registrationClosesAt: Date;

  @ApiProperty({ example: 300 })
  capacity: number;

  @ApiProperty({ example: ['computer_vision', 'nlp'] })
  specialties: string[];

  @ApiProperty({ type: [String], format: 'uuid' })
  businessUnitIds: string[];

  @ApiProperty({ type: Number, nullable: true, example: 60 })
  writtenTestPassScore: number | null;

  @ApiProperty({ example: 45 })
  interviewMinutes: number;

  @ApiProperty({ example: 15 })
  bufferMinutes: number;

  @ApiProperty({ enum: EventStatus, example: EventStatus.Published })
  status: EventStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;

  @ApiPropertyOptional({ type: EventSeatsDto, description: 'On one event (not in lists): its seats' })
  seats?: EventSeatsDto;
}

export function toEventResponse(event: HiringEvent | EventWithSeats): EventResponseDto {
  return {
    id: event.id,
    organizationId: event.organizationId,
    title: event.title,
    slug: event.slug,
    city: event.city,
    venue: event.venue,
    online: event.online,
    timezone: event.timezone,
    locale: event.locale,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    registrationOpensAt: event.registrationOpensAt,
    registrationClosesAt: event.registrationClosesAt,
    capacity: event.capacity,
    specialties: event.specialties,
    businessUnitIds: event.businessUnitIds,
    writtenTestPassScore: event.writtenTestPassScore,
    interviewMinutes: event.interviewMinutes,
    bufferMinutes: event.bufferMinutes,
    status: event.status,
    publishedAt: event.publishedAt,
    completedAt: event.completedAt,
    createdAt: event.createdAt,
    updatedAt: event.updatedAt,
    ...('seats' in event ? { seats: event.seats } : {}),
  };
}
