import { ApiProperty } from '@nestjs/swagger';
import { EventStatus, RegistrationStatus } from '@hirefair/core';
import type { PublicEventView, RegistrationReceipt } from '@hirefair/core';

export class PublicOrganizationDto {
  @ApiProperty({ type: String, nullable: true, example: 'Example AI Lab' })
  name: string | null;
}

export class PublicBusinessUnitDto {
  @ApiProperty({ example: 'Speech & Language' })
  name: string;
  @ApiProperty({ type: [String], example: ['nlp', 'speech'] })
  specialties: string[];
}

/** A published (or closed, completed) event as anyone may see it. */
export class PublicEventDto implements PublicEventView {
  id: string;
  @ApiProperty({ example: 'beijing-ai-fair-2026' })
  slug: string;
  @ApiProperty({ example: 'Beijing AI Hiring Fair' })
  title: string;
  organization: PublicOrganizationDto;
  @ApiProperty({ example: 'Beijing' })
  city: string;
  venue: string | null;
  online: boolean;
  @ApiProperty({ example: 'Asia/Shanghai' })
  timezone: string;
  @ApiProperty({ example: 'zh-CN' })
  locale: string;
  startsAt: Date;
  endsAt: Date;
  registrationOpensAt: Date;
  registrationClosesAt: Date;
  @ApiProperty({ enum: EventStatus, example: 'published' })
  status: EventStatus;
  registrationOpen: boolean;
  @ApiProperty({ example: 300 })
  capacity: number;
  /** null when the event does not show how many seats are left. */
  seatsLeft: number | null;
  @ApiProperty({ type: [String], example: ['nlp', 'computer_vision'] })
  specialties: string[];
  @ApiProperty({ type: [PublicBusinessUnitDto] })
  businessUnits: PublicBusinessUnitDto[];
}

/** The registration made: its status and the candidate's bearer token (shown once). */
export class RegistrationReceiptDto implements RegistrationReceipt {
  registrationId: string;
  @ApiProperty({ enum: RegistrationStatus, example: 'registered' })
  status: RegistrationStatus;
  @ApiProperty({
    example: 'hfc_3q2Zs…',
    description: 'Send as `Authorization: Bearer <token>` on /candidate routes',
  })
  candidateToken: string;
}
