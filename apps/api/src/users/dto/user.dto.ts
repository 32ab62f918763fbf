import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ORGANIZATION_ROLES, Role, UserLocale, UserStatus } from '@hirefair/core';
import { PageQueryDto } from '../../common/page-query.dto';

const LOCALES: UserLocale[] = ['en', 'zh'];

export class CreateUserDto {
  @IsEmail()
  @MaxLength(254)
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /**
   * At least 10 characters, not containing the email, not a commonly used password. Leave it out
   * to invite the user: they are mailed a link to choose their own.
   */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  password?: string;

  /** One or more of org_admin, recruiter, bu_reviewer, interviewer. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ORGANIZATION_ROLES, { each: true })
  roles: Role[];

  /** The business units a reviewer or interviewer belongs to. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  businessUnitIds?: string[];

  /** An interviewer's specialties. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  specialties?: string[];

  /** The language of the account's mails (invitation, password reset); en by default. */
  @IsOptional()
  @IsIn(LOCALES)
  locale?: UserLocale;
}

export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ORGANIZATION_ROLES, { each: true })
  roles?: Role[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  businessUnitIds?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  specialties?: string[];

  /** false deactivates the account (no sign-in, refresh, reset or invitation); true turns it back on. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UserQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(ORGANIZATION_ROLES)
  role?: Role;

  @IsOptional()
  @IsUUID()
  @Type(() => String)
  businessUnitId?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', nullable: true })
  organizationId: string | null;

  @ApiProperty()
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ORGANIZATION_ROLES, isArray: true })
  roles: Role[];

  @ApiProperty({ type: [String], format: 'uuid' })
  businessUnitIds: string[];

  @ApiProperty({ type: [String] })
  specialties: string[];

  /** invited until the invitee sets a password; inactive when deactivated. */
  @ApiProperty({ enum: UserStatus })
  status: UserStatus;

  @ApiProperty({ enum: LOCALES })
  locale: UserLocale;

  @ApiProperty()
  createdAt: Date;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items: UserDto[];

  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
