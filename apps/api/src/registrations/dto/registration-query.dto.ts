import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { Lane, RegistrationStatus, Stage } from '@hirefair/core';
import { PageQueryDto } from '../../common/page-query.dto';
import { Text } from '../../common/validators';

export class RegistrationQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(Object.values(RegistrationStatus))
  status?: RegistrationStatus;

  @IsOptional()
  @IsIn(Object.values(Lane))
  lane?: Lane;

  @IsOptional()
  @IsIn(Object.values(Stage))
  stage?: Stage;

  @IsOptional()
  @IsUUID()
  businessUnitId?: string;

  @IsOptional()
  @Text(100)
  specialty?: string;

  @IsOptional()
  @Text(100)
  city?: string;

  /** Part of a name or email. */
  @IsOptional()
  @Text(200)
  q?: string;
}

export class CheckInDto {
  @IsOptional()
  @IsUUID()
  registrationId?: string;

  /** The code from the candidate's confirmation mail (or its QR code). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9]{4,32}$/, { message: 'checkInCode must be the code from the confirmation mail' })
  @MaxLength(32)
  checkInCode?: string;
}

export class CheckInResponseDto {
  @ApiProperty({ format: 'uuid' })
  registrationId: string;

  /** The first arrival's time, also on repeats. */
  @ApiProperty({ type: String, format: 'date-time' })
  checkedInAt: Date;

  /** True when this call found the candidate already checked in. */
  @ApiProperty()
  alreadyCheckedIn: boolean;

  /** The candidate's name (null once erased), for the door staff to greet them. */
  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['fast_track', 'standard'] })
  lane: string | null;

  @ApiProperty()
  stage: string;

  @ApiProperty({ type: String, nullable: true })
  businessUnitName: string | null;
}
