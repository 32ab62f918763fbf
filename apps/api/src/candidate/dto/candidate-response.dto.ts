import { ApiProperty } from '@nestjs/swagger';
import { EventStatus, Lane, RegistrationStatus, Stage } from '@hirefair/core';
import { InterviewResponseDto, TimeWindowDto } from '../../interviews/dto/interview.dto';
import { ConsentDto } from '../../registrations/dto/registration-response.dto';

export class CandidateContactDto {
  name: string | null;
  email: string | null;
}

export class CandidateEventDto {
  id: string;
  slug: string;
  title: string;
  city: string;
  venue: string | null;
  online: boolean;
  @ApiProperty({ example: 'Asia/Shanghai' })
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  @ApiProperty({ enum: EventStatus, example: 'published' })
  status: EventStatus;
}

export class CandidateBusinessUnitDto {
  id: string;
  name: string;
}

/** The candidate's own registration: what staff see, without notes and scores. */
export class CandidateRegistrationViewDto {
  registrationId: string;
  candidate: CandidateContactDto;
  event: CandidateEventDto;
  @ApiProperty({ enum: RegistrationStatus, example: 'registered' })
  status: RegistrationStatus;
  @ApiProperty({ enum: Lane, nullable: true, example: 'standard' })
  lane: Lane | null;
  @ApiProperty({ enum: Stage, example: 'applied' })
  stage: Stage;
  @ApiProperty({ type: CandidateBusinessUnitDto, nullable: true })
  businessUnit: CandidateBusinessUnitDto | null;
  /** 1 = next in line; null unless waitlisted. */
  waitlistPosition: number | null;
  /** Shown at the door; null unless the candidate holds a seat. */
  @ApiProperty({ type: String, nullable: true, example: 'K7PQ2MXZ9A' })
  checkInCode: string | null;
  checkedInAt: Date | null;
  @ApiProperty({ type: InterviewResponseDto, nullable: true })
  interview: InterviewResponseDto | null;
  /** The windows the candidate gave for interviews; none = any time. */
  @ApiProperty({ type: [TimeWindowDto] })
  availability: TimeWindowDto[];
  @ApiProperty({ example: 'We are reviewing your profile; you will hear from us by email.' })
  nextStep: string;
  createdAt: Date;
}

export class WithdrawalDto {
  registrationId: string;
  @ApiProperty({ enum: [RegistrationStatus.Withdrawn], example: 'withdrawn' })
  status: string;
  @ApiProperty({ enum: [true] })
  erased: true;
}

export class ExportedEventDto {
  id: string;
  title: string;
  slug: string;
  startsAt: Date;
}

export class ExportedRegistrationDto {
  id: string;
  eventId: string;
  seq: number;
  @ApiProperty({ enum: RegistrationStatus })
  status: RegistrationStatus;
  @ApiProperty({ enum: Stage })
  stage: Stage;
  consent: ConsentDto;
  createdAt: Date;
  event: ExportedEventDto;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'the stored timeline rows (field, from, to, actor, reason, at)',
  })
  timeline: Record<string, unknown>[];
}

export class ExportedMailDto {
  id: string;
  to: string;
  template: string;
  locale: string;
  subject: string;
  text: string | null;
  status: string;
  createdAt: Date;
  sentAt: Date | null;
}

/** Every stored fact about the candidate (the registrations carry every stored column). */
export class CandidateDataExportDto {
  exportedAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the stored candidate row' })
  candidate: Record<string, unknown>;
  @ApiProperty({ type: [ExportedRegistrationDto] })
  registrations: ExportedRegistrationDto[];
  @ApiProperty({ type: [ExportedMailDto] })
  mails: ExportedMailDto[];
}
