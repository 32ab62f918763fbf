import { ApiProperty } from '@nestjs/swagger';
import { Lane, RegistrationStatus, Stage } from '@hirefair/core';
import { ScorecardCriterionDto } from '../../business-units/dto/business-unit-response.dto';
import { InterviewResponseDto } from '../../interviews/dto/interview.dto';

export class StaffCandidateDto {
  id: string;
  /** null once the candidate's personal data is erased. */
  name: string | null;
  email: string | null;
  phone: string | null;
  erased: boolean;
}

export class WaiverDto {
  granted: boolean;
  rule: string | null;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true, example: 3 })
  policyVersion: string | number | null;
  overriddenBy?: string;
  reason?: string;
}

/** Since when the registration waits for an interview slot, and why. */
export class BookingWaitDto {
  waitingSince: Date;
  reason: string | null;
}

export class ConsentDto {
  @ApiProperty({ example: '2025-01' })
  privacyPolicyVersion: string;
  shareWithBusinessUnits: boolean;
  givenAt: string;
  erasedAt?: string;
}

/** A registration as staff see it. */
export class RegistrationStaffDto {
  id: string;
  eventId: string;
  /** Registration order within the event. */
  seq: number;
  candidate: StaffCandidateDto;
  @ApiProperty({ enum: RegistrationStatus, example: 'registered' })
  status: RegistrationStatus;
  @ApiProperty({ enum: Lane, nullable: true, example: 'standard' })
  lane: Lane | null;
  @ApiProperty({ enum: Stage, example: 'applied' })
  stage: Stage;
  businessUnitId: string | null;
  @ApiProperty({ type: WaiverDto, nullable: true })
  waiver: WaiverDto | null;
  writtenTestScore: number | null;
  routedAt: Date | null;
  slaDueAt: Date | null;
  slaBreached: boolean;
  unroutedReason: string | null;
  checkedInAt: Date | null;
  @ApiProperty({ type: InterviewResponseDto, nullable: true })
  interview: InterviewResponseDto | null;
  /** null when the registration does not wait for a slot. */
  @ApiProperty({ type: BookingWaitDto, nullable: true, required: false })
  bookingWait?: BookingWaitDto | null;
  city: string | null;
  @ApiProperty({ type: [String], example: ['nlp'] })
  specialties: string[];
  degree: string | null;
  yearsOfExperience: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'publications, awards, githubUrl, resumeUrl, referralCode, expectedMonthlySalaryCny',
  })
  profile: Record<string, unknown>;
  locale: string;
  consent: ConsentDto;
  createdAt: Date;
  erasedAt: Date | null;
}

export class RoutedBusinessUnitDto {
  id: string;
  name: string;
  code: string;
  @ApiProperty({ type: [ScorecardCriterionDto] })
  scorecard: ScorecardCriterionDto[];
}

export class BusinessUnitRefDto {
  id: string;
  name: string;
  code: string;
}

export class TimelineActorDto {
  type: string;
  id: string | null;
}

export class TimelineEntryDto {
  at: Date;
  by: TimelineActorDto;
  @ApiProperty({ example: 'stage' })
  field: string;
  from: string | null;
  to: string | null;
  reason: string | null;
}

/** One registration with its timeline, its unit's scorecard and the units it can be rerouted to. */
export class RegistrationDetailDto extends RegistrationStaffDto {
  @ApiProperty({ type: RoutedBusinessUnitDto, nullable: true })
  businessUnit: RoutedBusinessUnitDto | null;
  @ApiProperty({ type: [BusinessUnitRefDto] })
  otherBusinessUnits: BusinessUnitRefDto[];
  @ApiProperty({ type: [TimelineEntryDto] })
  timeline: TimelineEntryDto[];
}
