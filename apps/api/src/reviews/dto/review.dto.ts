import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ReviewDecisionKind } from '@hirefair/core';
import { PageQueryDto } from '../../common/page-query.dto';

export class DecisionDto {
  @IsIn(Object.values(ReviewDecisionKind))
  decision: ReviewDecisionKind;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;

  /** `{ "<criterion>": 1..4 }`, criteria from the unit's scorecard. */
  @IsOptional()
  @IsObject()
  scores?: Record<string, number>;

  /** The unit to reroute to (decision `reroute`). */
  @IsOptional()
  @IsUUID()
  businessUnitId?: string;
}

export class ReviewQueueQueryDto extends PageQueryDto {
  /** Only this one of the caller's units. */
  @IsOptional()
  @IsUUID()
  businessUnitId?: string;
}
