import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { InterviewStatus, Recommendation, Stage } from '@hirefair/core';
import { IsDateTimeWithOffset, Text } from '../../common/validators';
import { PageQueryDto } from '../../common/page-query.dto';

export class TimeWindowDto {
  @IsDateTimeWithOffset()
  startsAt: string;

  @IsDateTimeWithOffset()
  endsAt: string;
}

export class CandidateAvailabilityDto {
  /** When the candidate can be interviewed; an empty list means any time. */
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TimeWindowDto)
  slots: TimeWindowDto[];
}

/** An interviewer's windows for the event; they replace the ones stored. */
export class AvailabilityDto {
  /** When the interviewer can hold interviews during the event; an empty list removes every window. */
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TimeWindowDto)
  slots: TimeWindowDto[];

  /** Whose windows (recruiters); an interviewer sets their own. */
  @IsOptional()
  @IsUUID()
  interviewerId?: string;
}

export class InterviewQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(Object.values(InterviewStatus))
  status?: InterviewStatus;
}

export class FeedbackDto {
  @IsIn(Object.values(Recommendation))
  recommendation: Recommendation;

  /** `{ "<criterion>": 1..4 }`, criteria from the unit's scorecard. */
  @IsOptional()
  @IsObject()
  scores?: Record<string, number>;

  @IsOptional()
  @Text(5000, 0)
  notes?: string;
}

export class OutcomeDto {
  @IsIn([Stage.Offer, Stage.Rejected])
  outcome: Stage.Offer | Stage.Rejected;

  @IsOptional()
  @Text(5000, 0)
  notes?: string;
}

export class CandidateInterviewActionDto {
  @IsOptional()
  @Text(1000, 0)
  reason?: string;
}

export class CandidateRescheduleDto extends CandidateInterviewActionDto {
  /** One of GET /candidate/interview/options: taken now (409 SLOT_TAKEN if gone). */
  @IsOptional()
  @IsDateTimeWithOffset()
  startsAt?: string;
}

export class InterviewOptionDto {
  startsAt: string;
  endsAt: string;
  interviewerId: string;
  /** The interviewer of the candidate's current interview. */
  sameInterviewer: boolean;
}

export class InterviewOptionsDto {
  @ApiProperty({ type: [InterviewOptionDto] })
  items: InterviewOptionDto[];
}

export class InterviewResponseDto {
  id: string;
  registrationId: string;
  interviewerId: string;
  startsAt: string;
  endsAt: string;
  status: InterviewStatus;
  /** The .ics SEQUENCE. */
  sequence: number;
  /** A booking that may not move and no longer fits someone's windows. */
  conflict: boolean;
  eventId: string;
  businessUnitId: string;
  version: number;
  movedAt: Date | null;
  location: string | null;
  /** The interview this one replaced when it was moved. */
  replacesId: string | null;
  replacedById: string | null;
  statusReason: string | null;
  confirmedAt: Date | null;
  createdAt: Date;
}

/** The interview after a reschedule: the new one, or the current one while the queue looks for a slot. */
export class RescheduledInterviewDto extends InterviewResponseDto {
  /** Present (true) when no time was chosen: the queue books the best new slot, then frees this one. */
  rescheduleRequested?: boolean;
}

export class FeedbackResponseDto {
  id: string;
  interviewId: string;
  interviewerId: string;
  @ApiProperty({ enum: Recommendation })
  recommendation: Recommendation;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 1, maximum: 4 },
    example: { coding: 3 },
  })
  scores: Record<string, number>;
  notes: string | null;
  createdAt: Date;
}

/** One interview with the interviewer's feedback once recorded. */
export class InterviewDetailDto extends InterviewResponseDto {
  @ApiProperty({ type: FeedbackResponseDto, nullable: true })
  feedback: FeedbackResponseDto | null;
}

export class SchedulingRunProgressDto {
  considered: number;
  booked: number;
}

export class UnscheduledDto {
  registrationId: string;
  @ApiProperty({
    enum: ['no_shared_specialty', 'no_overlapping_availability', 'slots_taken', 'daily_limit_reached'],
  })
  reason: string;
}

export class SchedulingRunDto {
  id: string;
  eventId: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'], example: 'queued' })
  status: string;
  /** How many interviews the run booked. */
  scheduled: number;
  progress: SchedulingRunProgressDto;
  @ApiProperty({ type: [UnscheduledDto] })
  unscheduled: UnscheduledDto[];
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
}

export class AvailabilityQueryDto {
  @IsOptional()
  @IsUUID()
  interviewerId?: string;
}

export class AvailabilityResponseDto {
  interviewerId: string;
  @ApiProperty({ type: [TimeWindowDto] })
  slots: TimeWindowDto[];
}

/** The interviewer's windows for the event, as stored (PUT /events/:id/availability). */
export class InterviewerAvailabilityResponseDto {
  eventId: string;
  interviewerId: string;
  @ApiProperty({ type: [TimeWindowDto] })
  slots: TimeWindowDto[];
}

/** The candidate's own windows for interviews; an empty list means any time. */
export class CandidateAvailabilityResponseDto {
  registrationId: string;
  @ApiProperty({ type: [TimeWindowDto] })
  slots: TimeWindowDto[];
}
