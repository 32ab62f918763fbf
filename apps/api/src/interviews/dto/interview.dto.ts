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

export class AvailabilityDto extends CandidateAvailabilityDto {
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
