import { PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { EventStatus } from '@hirefair/core';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsDateTimeWithOffset, IsIanaZone, Text } from '../../common/validators';

export class CreateEventDto {
  @Text(200)
  title: string;

  /** Lowercase letters, digits and dashes; unique in the organization and among public events. */
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: 'slug must be lowercase letters, digits and single dashes',
  })
  @Text(80, 3)
  slug: string;

  @Text(100)
  city: string;

  @IsOptional()
  @Text(300)
  venue?: string | null;

  @IsOptional()
  @IsBoolean()
  online?: boolean;

  /** IANA name, e.g. Asia/Shanghai. */
  @IsIanaZone()
  timezone: string;

  /** Default language of candidate mail. */
  @IsOptional()
  @IsIn(['en', 'zh'])
  locale?: string;

  @IsDateTimeWithOffset()
  startsAt: string;

  @IsDateTimeWithOffset()
  endsAt: string;

  @IsDateTimeWithOffset()
  registrationOpensAt: string;

  @IsDateTimeWithOffset()
  registrationClosesAt: string;

  @IsInt()
  @Min(0)
  @Max(1_000_000)
  capacity: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Text(100, 1, { each: true })
  specialties?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  businessUnitIds?: string[];

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1000)
  writtenTestPassScore?: number | null;

  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(480)
  interviewMinutes?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  bufferMinutes?: number;

  @IsOptional()
  @IsBoolean()
  autoSchedule?: boolean;
}

export class UpdateEventDto extends PartialType(CreateEventDto) {}

export class EventQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(Object.values(EventStatus))
  status?: EventStatus;
}
