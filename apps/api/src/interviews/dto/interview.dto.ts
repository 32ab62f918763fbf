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
