import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class ScorecardCriterionDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  criterion: string;

  @IsString()
  @MaxLength(1000)
  description: string;
}

export class CreateBusinessUnitDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** Short code, unique in the organization, e.g. `NLP`. */
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'code must be 1-32 letters, digits, dashes or underscores' })
  code: string;

  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  specialties: string[];

  /** Hours a reviewer has to decide once a candidate is routed here. */
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  reviewSlaHours: number;

  /** Most interviews per interviewer per day. */
  @IsInt()
  @Min(0)
  @Max(100)
  dailyInterviewCapacity: number;

  /** Most registrations awaiting this unit's decision at once; null = no limit. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  maxOpenReviews?: number | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ScorecardCriterionDto)
  scorecard?: ScorecardCriterionDto[];
}

export class UpdateBusinessUnitDto extends PartialType(CreateBusinessUnitDto) {}
